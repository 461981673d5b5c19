package dev.sio.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenExtractorTest {
    private static final TokenExtractor DEFAULTS = new TokenExtractor(SettingsBuilder.key("k").build());

    private static JsonObject auth(String token) {
        return Json.createObjectBuilder().add("token", token).build();
    }

    private static Map<String, List<String>> map(String... keyValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>()).add(keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void the_auth_token_of_the_connect_packet_wins_over_every_other_source() {
        TokenExtractor all = new TokenExtractor(SettingsBuilder.key("k").header("Cookie").query(true, null).build());
        Optional<String> token = all.extract(auth("from-auth"),
                map("Authorization", "Bearer from-header", "Cookie", "Bearer=from-cookie"), map("token", "from-query"));
        assertEquals(Optional.of("from-auth"), token);
    }

    @Test
    void a_bearer_header_is_used_when_auth_has_no_usable_token() {
        Map<String, List<String>> headers = map("Authorization", "Bearer from-header");
        assertEquals(Optional.of("from-header"), DEFAULTS.extract(null, headers, Map.of()));
        assertEquals(Optional.of("from-header"), DEFAULTS.extract(Json.createObjectBuilder().build(), headers, Map.of()));
        assertEquals(Optional.of("from-header"), DEFAULTS.extract(auth("   "), headers, Map.of()));
        JsonObject numeric = Json.createObjectBuilder().add("token", 42).build();
        assertEquals(Optional.of("from-header"), DEFAULTS.extract(numeric, headers, Map.of()));
    }

    @Test
    void the_header_name_and_the_bearer_scheme_match_in_any_case() {
        assertEquals(Optional.of("t1"), DEFAULTS.extract(null, map("authorization", "bearer t1"), null));
        assertEquals(Optional.of("t2"), DEFAULTS.extract(null, map("AUTHORIZATION", "BEARER   t2 "), null));
    }

    @Test
    void other_authorization_schemes_and_empty_bearers_are_ignored() {
        assertEquals(Optional.empty(), DEFAULTS.extract(null, map("Authorization", "Basic dXNlcjpwdw=="), null));
        assertEquals(Optional.empty(), DEFAULTS.extract(null, map("Authorization", "Bearer "), null));
        assertEquals(Optional.empty(), DEFAULTS.extract(null, map("Authorization", "Bearertoken"), null));
        assertEquals(Optional.of("t"), DEFAULTS.extract(null,
                map("Authorization", "Basic dXNlcjpwdw==", "Authorization", "Bearer t"), null));
    }

    @Test
    void the_cookie_is_read_only_when_the_token_header_is_cookie() {
        Map<String, List<String>> headers = map("Cookie", "theme=dark; Bearer=from-cookie");
        assertEquals(Optional.empty(), DEFAULTS.extract(null, headers, null));
        TokenExtractor cookie = new TokenExtractor(SettingsBuilder.key("k").header("Cookie").build());
        assertEquals(Optional.of("from-cookie"), cookie.extract(null, headers, null));
        assertEquals(Optional.of("from-cookie"), cookie.extract(null, map("cookie", "Bearer=\"from-cookie\""), null));
    }

    @Test
    void the_cookie_name_comes_from_the_settings_and_is_case_sensitive() {
        TokenExtractor named = new TokenExtractor(SettingsBuilder.key("k").header("cookie").cookie("jwt").build());
        assertEquals(Optional.of("t"), named.extract(null, map("Cookie", "a=1", "Cookie", "Bearer=x; jwt=t"), null));
        assertEquals(Optional.empty(), named.extract(null, map("Cookie", "JWT=t"), null));
    }

    @Test
    void a_bearer_header_wins_over_the_cookie() {
        TokenExtractor cookie = new TokenExtractor(SettingsBuilder.key("k").header("Cookie").build());
        assertEquals(Optional.of("from-header"), cookie.extract(null,
                map("Cookie", "Bearer=from-cookie", "Authorization", "Bearer from-header"), null));
    }

    @Test
    void a_custom_token_header_is_read_with_or_without_bearer_prefix() {
        TokenExtractor custom = new TokenExtractor(SettingsBuilder.key("k").header("X-Access-Token").build());
        assertEquals(Optional.of("raw"), custom.extract(null, map("x-access-token", "raw"), null));
        assertEquals(Optional.of("prefixed"), custom.extract(null, map("X-Access-Token", "Bearer prefixed"), null));
    }

    @Test
    void the_query_string_is_ignored_unless_switched_on() {
        Map<String, List<String>> query = map("token", "from-query");
        assertEquals(Optional.empty(), DEFAULTS.extract(null, map(), query));
        TokenExtractor enabled = new TokenExtractor(SettingsBuilder.key("k").query(true, null).build());
        assertEquals(Optional.of("from-query"), enabled.extract(null, map(), query));
        assertEquals(Optional.of("from-header"), enabled.extract(null, map("Authorization", "Bearer from-header"), query));
    }

    @Test
    void the_query_parameter_name_comes_from_the_settings() {
        TokenExtractor enabled = new TokenExtractor(SettingsBuilder.key("k").query(true, "access_token").build());
        assertEquals(Optional.empty(), enabled.extract(null, null, map("token", "wrong")));
        assertEquals(Optional.of("right"), enabled.extract(null, null, map("access_token", " ", "access_token", "right")));
    }

    @Test
    void nothing_anywhere_gives_an_empty_result() {
        assertEquals(Optional.empty(), DEFAULTS.extract(null, null, null));
        assertEquals(Optional.empty(), DEFAULTS.extract(null, Map.of(), Map.of()));
    }
}
