package dev.sio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package table in docs/layout.md and the packages under src/main/java say the same thing, and
 * applications use only the public API. Reads the sources (the working directory is the project's).
 */
class LayoutTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path LAYOUT = Path.of("docs/layout.md");
    /** A table row whose first cell is a package: {@code | `dev.sio.x` | ... |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(dev\\.sio(?:\\.[a-z0-9_]+)*)`\\s*\\|", Pattern.MULTILINE);
    /** What an application ({@code dev.sio.app.*}) may import from this project. */
    private static final List<String> PUBLIC_API = List.of("dev.sio.cdi.", "dev.sio.socketio.server.", "dev.sio.log.", "dev.sio.app.");
    private static final Pattern PROJECT_IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.sio\\.[\\w.]+);", Pattern.MULTILINE);

    private static Set<String> packagesWithClasses() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> SOURCES.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> packagesInTable() throws IOException {
        Set<String> listed = new TreeSet<>();
        Matcher row = ROW.matcher(Files.readString(LAYOUT));
        while (row.find()) listed.add(row.group(1));
        return listed;
    }

    @Test
    void everyPackageHasARowInTheLayoutTable() throws IOException {
        Set<String> missing = new TreeSet<>(packagesWithClasses());
        missing.removeAll(packagesInTable());
        assertEquals(Set.of(), missing, "packages missing from the table in " + LAYOUT + ": add a row for each");
    }

    @Test
    void everyRowOfTheLayoutTableIsAPackage() throws IOException {
        Set<String> stale = new TreeSet<>(packagesInTable());
        stale.removeAll(packagesWithClasses());
        assertEquals(Set.of(), stale, "rows of " + LAYOUT + " naming no package with classes: remove or rename them");
    }

    @Test
    void applicationsImportOnlyThePublicApi() throws IOException {
        Path apps = SOURCES.resolve("dev/sio/app");
        assertTrue(Files.isDirectory(apps), "the applications are where this test looks: " + apps);
        Set<String> offending = new TreeSet<>();
        try (Stream<Path> files = Files.walk(apps)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher imported = PROJECT_IMPORT.matcher(Files.readString(file));
                while (imported.find()) {
                    String name = imported.group(1);
                    if (PUBLIC_API.stream().noneMatch(name::startsWith)) offending.add(apps.relativize(file) + ": " + name);
                }
            }
        }
        assertEquals(Set.of(), offending, "applications may import only " + PUBLIC_API);
    }

    /** Sources under {@code src/main/java/<dir>} that contain {@code text}, as paths relative to the sources. */
    private static Set<String> sourcesContaining(String dir, String text) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve(dir))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains(text)) found.add(SOURCES.relativize(file).toString());
            }
        }
        return found;
    }

    @Test
    void theCoreReadsNoSettingsItself() throws IOException {
        // settings are looked up in dev.sio.cdi (SocketIoSettings and friends) and handed down as values;
        // auth's JwtSettings reads the standard mp.jwt.* keys from the Config that cdi hands it
        Set<String> readers = new TreeSet<>();
        for (String core : List.of("dev/sio/engineio", "dev/sio/socketio", "dev/sio/cluster", "dev/sio/monitoring",
                "dev/sio/integration", "dev/sio/log")) {
            readers.addAll(sourcesContaining(core, "import org.eclipse.microprofile.config."));
        }
        readers.addAll(sourcesContaining("dev/sio/auth", "import org.eclipse.microprofile.config.ConfigProvider"));
        assertEquals(Set.of(), readers, "only dev.sio.cdi (and applications, for their own settings) look settings up");
    }

    @Test
    void thePortableTransportsDoNotUseTheContainerWorkarounds() throws IOException {
        Set<String> users = new TreeSet<>();
        for (String portable : List.of("dev/sio/engineio/websocket", "dev/sio/engineio/polling", "dev/sio/engineio/server",
                "dev/sio/engineio/protocol", "dev/sio/engineio/http")) {
            users.addAll(sourcesContaining(portable, "import dev.sio.engineio.container."));
        }
        assertEquals(Set.of(), users, "engineio.container plugs into the transports, not the other way round");
    }

    @Test
    void onlyTheCdiPackageAndApplicationsUseCdi() throws IOException {
        Set<String> users = new TreeSet<>();
        for (String other : List.of("dev/sio/engineio", "dev/sio/socketio", "dev/sio/cluster", "dev/sio/monitoring",
                "dev/sio/integration", "dev/sio/auth", "dev/sio/log", "dev/sio/web")) {
            users.addAll(sourcesContaining(other, "import jakarta.enterprise."));
        }
        assertEquals(Set.of(), users, "CDI (jakarta.enterprise) belongs in dev.sio.cdi; others get what they need from it");
    }
}
