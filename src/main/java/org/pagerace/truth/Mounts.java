package org.pagerace.truth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The mount a directory lives on, from {@code /proc/self/mounts}: its device and options. The filesystem type
 * alone does not tell ext4 with delalloc from ext4 mounted {@code nodelalloc}, whose page_mkwrite allocates
 * blocks instead of reserving them, so every truth result records the options too.
 */
final class Mounts {
    private Mounts() {
    }

    /** {@code device options} of the mount holding {@code dir}, or {@code "unknown"}. */
    static String describe(Path dir) {
        List<String> lines;
        Path real;
        try {
            real = dir.toRealPath();
            lines = Files.readAllLines(Path.of("/proc/self/mounts"));
        } catch (IOException e) {
            return "unknown";
        }
        String best = null;
        int bestLength = -1;
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            Path mountPoint = Path.of(unescape(f[1]));
            int length = mountPoint.getNameCount();
            if (real.startsWith(mountPoint) && length >= bestLength) {
                best = f[0] + " " + f[3];
                bestLength = length;
            }
        }
        return best == null ? "unknown" : best;
    }

    /** Undoes the octal escapes ({@code \040} for a space) that {@code /proc/self/mounts} uses in paths. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
