package dev.sio;

import org.junit.jupiter.api.Test;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Write a gateway" example compiles against the current API, so it cannot drift from it. */
class ReadmeExampleTest {

    private static final Pattern EXAMPLE = Pattern.compile("## Write a gateway\\s+```java\\n(.*?)```", Pattern.DOTALL);
    /** What the README leaves out to stay short. */
    private static final String IMPORTS = String.join("\n",
            "import dev.sio.cdi.*;",
            "import dev.sio.socketio.server.*;",
            "import jakarta.annotation.security.RolesAllowed;",
            "import jakarta.enterprise.context.ApplicationScoped;",
            "import jakarta.inject.Inject;",
            "import jakarta.json.JsonObject;",
            "import org.eclipse.microprofile.jwt.JsonWebToken;",
            "");

    @Test
    void theGatewayExampleCompiles() throws IOException {
        Matcher example = EXAMPLE.matcher(Files.readString(Path.of("README.md")));
        assertTrue(example.find(), "README.md has a java block under '## Write a gateway'");
        Path dir = Files.createTempDirectory("readme-example");
        Path source = dir.resolve("ChatGateway.java");
        Files.writeString(source, IMPORTS + example.group(1));

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "tests run on a JDK");
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(problems, Locale.ROOT, null)) {
            boolean ok = compiler.getTask(null, files, problems,
                    List.of("-classpath", classPath, "-d", dir.toString(), "-proc:none"), null,
                    files.getJavaFileObjects(source)).call();
            assertTrue(ok, () -> "the README's example does not compile:\n" + problems.getDiagnostics());
        }
    }
}
