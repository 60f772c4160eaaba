package org.pagerace.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The conventions known to this JVM: the built-in eight and any a user's jar registers, through
 * {@link ServiceLoader}; and lookup by id or by class name.
 */
public final class Conventions {
    private Conventions() {
    }

    /** Every registered convention, built-in ones first, in registration order. */
    public static List<Convention> all() {
        List<Convention> list = new ArrayList<>();
        for (Convention c : ServiceLoader.load(Convention.class)) {
            list.add(c);
        }
        return list;
    }

    /** The ids of {@link #all()}. */
    public static List<String> ids() {
        return all().stream().map(Convention::id).collect(Collectors.toList());
    }

    /**
     * The convention with id {@code name}, or the class named {@code name}. Throws {@link IllegalArgumentException}
     * with a one-line reason (unknown id, listing the valid ones; or why the class did not load).
     */
    public static Convention byName(String name) {
        for (Convention c : all()) {
            if (c.id().equals(name)) {
                return c;
            }
        }
        if (name.contains(".")) {
            return load(name);
        }
        throw new IllegalArgumentException("unknown convention '" + name + "' (valid: " + String.join(", ", ids())
                + ", or the class name of your own Convention)");
    }

    private static Convention load(String className) {
        Class<?> cls;
        try {
            cls = Class.forName(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("convention class " + className + " not found on the class path ("
                    + e + ")");
        }
        if (!Convention.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(className + " does not implement " + Convention.class.getName());
        }
        try {
            return (Convention) cls.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot instantiate " + className
                    + " (it needs a public no-argument constructor): " + e);
        }
    }
}
