package dev.sio.auth;

import java.util.Set;

/** Test shorthand for the twelve-component {@link JwtSettings} record; starts from our test issuer and audience. */
final class SettingsBuilder {
    String publicKey;
    String location;
    Set<String> algorithms = Set.of("RS256");
    String issuer = TestTokens.ISSUER;
    Set<String> audiences = Set.of(TestTokens.AUDIENCE);
    int clockSkew = 60;
    Long tokenAge;
    String header;
    String cookie;
    boolean queryEnabled;
    String queryParameter;
    long refreshMillis = 30_000;
    long maxAgeMillis = 0; // background refetch off unless a test asks for it

    static SettingsBuilder key(String publicKey) {
        SettingsBuilder b = new SettingsBuilder();
        b.publicKey = publicKey;
        return b;
    }

    static SettingsBuilder location(String location) {
        SettingsBuilder b = new SettingsBuilder();
        b.location = location;
        return b;
    }

    SettingsBuilder algorithms(String... algs) {
        algorithms = Set.of(algs);
        return this;
    }

    SettingsBuilder issuer(String value) {
        issuer = value;
        return this;
    }

    SettingsBuilder audiences(String... values) {
        audiences = Set.of(values);
        return this;
    }

    SettingsBuilder clockSkew(int seconds) {
        clockSkew = seconds;
        return this;
    }

    SettingsBuilder tokenAge(Long seconds) {
        tokenAge = seconds;
        return this;
    }

    SettingsBuilder header(String value) {
        header = value;
        return this;
    }

    SettingsBuilder cookie(String value) {
        cookie = value;
        return this;
    }

    SettingsBuilder query(boolean enabled, String parameter) {
        queryEnabled = enabled;
        queryParameter = parameter;
        return this;
    }

    SettingsBuilder refreshMillis(long value) {
        refreshMillis = value;
        return this;
    }

    SettingsBuilder maxAgeMillis(long value) {
        maxAgeMillis = value;
        return this;
    }

    JwtSettings build() {
        return new JwtSettings(publicKey, location, algorithms, issuer, audiences, clockSkew, tokenAge, header,
                cookie, queryEnabled, queryParameter, refreshMillis, maxAgeMillis);
    }
}
