package dev.ecsdns.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The commands that pip installed for the python3 on the PATH (aws, cfn-lint, python3 itself), started from that
 * interpreter's own scripts folder rather than through a version manager's shim: pyenv's shim runs a bash script and
 * a second lookup before Python even starts, about 0.4 s of CPU on each of the rehearsal's many AWS CLI calls. The
 * interpreter and the CLI are the ones the shim would have chosen (found from the same working directory).
 */
final class PythonCommands {

    private static final Optional<Path> FOLDER = scriptsFolder();

    private PythonCommands() {
    }

    /** {@code name} in python3's scripts folder when it is there, else {@code name} for the PATH to find. */
    static String command(String name) {
        return FOLDER.map(folder -> folder.resolve(name)).filter(Files::isExecutable).map(Path::toString)
                .orElse(name);
    }

    /** {@code path} (a PATH value) with python3's scripts folder first, for scripts that call aws by name. */
    static String first(String path) {
        return FOLDER.map(folder -> folder + ":" + path).orElse(path);
    }

    private static Optional<Path> scriptsFolder() {
        try {
            Process python = new ProcessBuilder("python3", "-c",
                    "import sysconfig; print(sysconfig.get_path('scripts'))")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String folder = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean found = python.waitFor(30, TimeUnit.SECONDS) && python.exitValue() == 0 && !folder.isEmpty();
            return found ? Optional.of(Path.of(folder)).filter(Files::isDirectory) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
