package dev.sio.auth;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A tiny map-backed MicroProfile Config, enough for {@link JwtSettings#fromConfig}. Like real
 * implementations (MP Config 2.0+), an empty value counts as missing. Only String, Integer, Long
 * and Boolean conversions are offered.
 */
public final class MapConfig implements Config {
    private final Map<String, String> values;

    public MapConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        return getOptionalValue(propertyName, propertyType)
                .orElseThrow(() -> new NoSuchElementException(propertyName));
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        String value = values.get(propertyName);
        return new ConfigValue() {
            @Override
            public String getName() {
                return propertyName;
            }

            @Override
            public String getValue() {
                return value;
            }

            @Override
            public String getRawValue() {
                return value;
            }

            @Override
            public String getSourceName() {
                return "map";
            }

            @Override
            public int getSourceOrdinal() {
                return 100;
            }
        };
    }

    @Override
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        String raw = values.get(propertyName);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        Object converted;
        if (propertyType == String.class) {
            converted = raw;
        } else if (propertyType == Integer.class) {
            converted = Integer.valueOf(raw);
        } else if (propertyType == Long.class) {
            converted = Long.valueOf(raw);
        } else if (propertyType == Boolean.class) {
            converted = Boolean.valueOf(raw);
        } else {
            throw new IllegalArgumentException("MapConfig cannot convert to " + propertyType);
        }
        return Optional.of(propertyType.cast(converted));
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException("MapConfig unwraps to nothing");
    }
}
