package org.pagerace.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java method that {@code src/site/markdown/kernel-map.md} names (a {@code `Class.method`} in a table's Java
 * column) exists, declared in the class it names: the map cannot name a mirror that is not there. Classes are
 * found by simple name in {@code org.pagerace.mm}, {@code org.pagerace.fs} and its subpackages.
 */
class KernelMapTest {
    private static final Path MAP = Path.of("src/site/markdown/kernel-map.md");
    private static final Pattern JAVA = Pattern.compile("`([A-Z][A-Za-z0-9_]*)\\.([a-z_][A-Za-z0-9_]*)`");

    @Test
    void everyMappedMethodExistsInTheClassItNames() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String line : Files.readAllLines(MAP)) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || line.startsWith("|---") || line.contains("| Java |")) {
                continue;
            }
            Matcher m = JAVA.matcher(cells[3]);
            while (m.find()) {
                checked++;
                Class<?> c = find(m.group(1));
                if (c == null) {
                    missing.add(m.group(1) + " (no such class) in: " + line);
                } else if (!declares(c, m.group(2))) {
                    missing.add(m.group(1) + "." + m.group(2) + " (no such method) in: " + line);
                }
            }
        }
        assertTrue(checked > 50, "the map names " + checked + " methods");
        assertEquals(List.of(), missing);
    }

    private static boolean declares(Class<?> c, String method) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> find(String simpleName) {
        List<String> packages = new ArrayList<>(List.of("org.pagerace.mm", "org.pagerace.fs"));
        for (Model m : Filesystems.all()) {
            packages.add(m.create().getClass().getPackageName());
        }
        packages.add("org.pagerace.fs.seed2010");
        packages.add("org.pagerace.fs.iomap");
        for (String p : packages) {
            try {
                return Class.forName(p + "." + simpleName);
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return null;
    }
}
