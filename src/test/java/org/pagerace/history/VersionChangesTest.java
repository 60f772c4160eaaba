package org.pagerace.history;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.fs.Version;

/**
 * Every version class that extends an earlier version declares exactly the kernel functions its commit changed,
 * {@code @Version(changes)}: its declared instance methods spelled as the kernel spells them (lower case with an
 * underscore, e.g. {@code ext4_page_mkwrite}); ops-table dispatchers and harness methods are camel case and do not
 * count.
 */
class VersionChangesTest {
    static Stream<Class<?>> laterVersions() {
        return Filesystems.all().stream().map(Model::create).map(Object::getClass).distinct()
                .filter(c -> c.getAnnotation(Version.class) != null)
                .filter(c -> c.getSuperclass() != FileSystem.class && c.getSuperclass().getAnnotation(Version.class) != null);
    }

    static boolean kernelName(String name) {
        return name.contains("_") && name.equals(name.toLowerCase());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laterVersions")
    void declaresExactlyItsCommitsChanges(Class<?> version) {
        Set<String> declared = new TreeSet<>();
        for (Method m : version.getDeclaredMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && kernelName(m.getName())) {
                declared.add(m.getName());
            }
        }
        Set<String> changes = new TreeSet<>(Arrays.asList(version.getAnnotation(Version.class).changes()));
        assertEquals(changes, declared, version.getSimpleName() + ": the kernel functions it declares");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laterVersions")
    void keepsItsFilesystemsOperationsTable(Class<?> version) {
        Set<String> slots = Set.of("operations", "fault", "page_mkwrite", "setattr_size", "fallocate");
        for (Method m : version.getDeclaredMethods()) {
            assertFalse(slots.contains(m.getName()), version.getSimpleName() + " overrides " + m.getName()
                    + ": a later version overrides the kernel function the oldest version's table names");
        }
    }
}
