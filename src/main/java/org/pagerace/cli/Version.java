package org.pagerace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.pagerace.mm.Era;
import picocli.CommandLine;

/** {@code --version}: the project version (from the build) and the kernel releases mirrored. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/org/pagerace/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {
            "pagerace " + p.getProperty("version", "unknown"),
            "mirrors Linux " + Era.MODERN.release() + " and " + Era.LINUX_2_6_37.release() + " (mm/memory.c, mm/filemap.c, mm/truncate.c)",
        };
    }
}
