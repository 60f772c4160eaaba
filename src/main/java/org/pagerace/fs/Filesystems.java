package org.pagerace.fs;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.pagerace.fs.seed2010.Convention;
import org.pagerace.fs.seed2010.Seed2010;

/**
 * The filesystem models known to this JVM ({@code register_filesystem}'s list, at versions): every version of every
 * built-in filesystem, the seed thread's handlers in {@code seed2010}, and the models of a user's jar, all found
 * through {@link ServiceLoader} ({@code META-INF/services/org.pagerace.fs.FileSystem} for filesystem classes,
 * {@code META-INF/services/org.pagerace.fs.seed2010.Convention} for bare handlers); and the resolution of a model
 * spec:
 * <ul>
 *   <li>a model id: {@code ext4@ea3d7209}, {@code seed2010/nopage-locked};</li>
 *   <li>a filesystem alone: its newest version ({@code ext4});</li>
 *   <li>{@code fs@RELEASE}: the latest version of {@code fs} not newer than that release ({@code ext4@6.1}: "the
 *       version nearest a kernel" means exactly this);</li>
 *   <li>{@code fs@pre-ID}: the version just before {@code fs@ID};</li>
 *   <li>a seed handler's id alone ({@code nopage-locked}): {@code seed2010/nopage-locked};</li>
 *   <li>a class name: a {@link FileSystem} subclass, or a {@link Convention} run in {@code seed2010}, loaded from
 *       the class path or from {@code --classpath} / {@code PAGERACE_CLASSPATH} / {@code -Dpagerace.classpath}.</li>
 * </ul>
 */
public final class Filesystems {
    /** The name of the seed thread's generic filesystem of 2010. */
    public static final String SEED = "seed2010";
    /** The system property and environment variable that carry a user's class path into every JVM. */
    public static final String CLASSPATH_PROPERTY = "pagerace.classpath";
    public static final String CLASSPATH_ENV = "PAGERACE_CLASSPATH";

    private static volatile ClassLoader loader;

    private Filesystems() {
    }

    /** The class loader user models come from: the class path plus {@code pagerace.classpath} / {@code PAGERACE_CLASSPATH}. */
    public static synchronized ClassLoader loader() {
        if (loader == null) {
            String extra = System.getProperty(CLASSPATH_PROPERTY, System.getenv(CLASSPATH_ENV));
            loader = extra == null || extra.isBlank() ? Filesystems.class.getClassLoader()
                    : new URLClassLoader(urls(extra), Filesystems.class.getClassLoader());
        }
        return loader;
    }

    /** The user class path in effect ("" if none), to hand on to child JVMs. */
    public static String userClassPath() {
        String extra = System.getProperty(CLASSPATH_PROPERTY, System.getenv(CLASSPATH_ENV));
        return extra == null ? "" : extra;
    }

    /** Sets the user class path for this JVM (the CLI's {@code --classpath}); must come before the first lookup. */
    public static synchronized void useClassPath(String path) {
        if (path == null || path.isBlank()) {
            return;
        }
        for (String part : path.split(File.pathSeparator)) {
            if (!part.isEmpty() && !new File(part).exists()) {
                throw new IllegalArgumentException("--classpath: no such file or directory: " + part);
            }
        }
        System.setProperty(CLASSPATH_PROPERTY, path);
        loader = null;
    }

    private static URL[] urls(String path) {
        List<URL> urls = new ArrayList<>();
        for (String part : path.split(File.pathSeparator)) {
            if (!part.isEmpty()) {
                try {
                    urls.add(new File(part).getAbsoluteFile().toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("bad class path entry '" + part + "': " + e.getMessage());
                }
            }
        }
        return urls.toArray(new URL[0]);
    }

    /** Every model: filesystems by name, each oldest version first; then the seed handlers; then user classes. */
    public static List<Model> all() {
        List<Model> models = new ArrayList<>();
        Map<String, List<Model>> byFs = new LinkedHashMap<>();
        for (ServiceLoader.Provider<FileSystem> p : ServiceLoader.load(FileSystem.class, loader()).stream().collect(Collectors.toList())) {
            Model m = model(p.type(), null);
            byFs.computeIfAbsent(m.fs(), k -> new ArrayList<>()).add(m);
        }
        for (List<Model> versions : byFs.values()) {
            versions.sort(VERSION_ORDER);
            models.addAll(versions);
        }
        for (Convention c : ServiceLoader.load(Convention.class, loader())) {
            models.add(seedModel(c, null));
        }
        return models;
    }

    /** The versions of filesystem {@code fs}, oldest first. */
    public static List<Model> versions(String fs) {
        return all().stream().filter(m -> m.fs().equals(fs)).collect(Collectors.toList());
    }

    /** The ids of {@link #all()}. */
    public static List<String> ids() {
        return all().stream().map(Model::id).collect(Collectors.toList());
    }

    /** The names of the filesystems, in {@link #all()}'s order. */
    public static List<String> names() {
        return all().stream().map(Model::fs).distinct().collect(Collectors.toList());
    }

    /**
     * The id of the model of a mounted filesystem of type {@code fsType} ({@code /proc/mounts}' name; tmpfs is the
     * kernel's shmem) on kernel {@code kernelRelease} ({@code uname -r}): the filesystem at the kernel's
     * major.minor, which {@link #resolve} gives as the latest version not newer ({@code ext4@5.10} for
     * {@code 5.10.0-32-amd64}).
     */
    public static String idOnKernel(String fsType, String kernelRelease) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(kernelRelease);
        return (fsType.equals("tmpfs") ? "shmem" : fsType) + "@" + (m.find() ? m.group(1) + "." + m.group(2)
                : kernelRelease);
    }

    /** Orders the versions of one filesystem: by release, then a subclass after the class it extends. */
    static final Comparator<Model> VERSION_ORDER = Comparator.comparing(Model::release, Releases.ORDER)
            .thenComparing(m -> m.version() == null ? 0 : depth(m));

    private static int depth(Model m) {
        int d = 0;
        for (Class<?> c = m.create().getClass(); c != null; c = c.getSuperclass()) {
            d++;
        }
        return d;
    }

    /**
     * The model named by {@code spec} (see the class comment). Throws {@link IllegalArgumentException} with one line
     * saying why, listing the valid names where that helps.
     */
    public static Model resolve(String spec) {
        String s = spec.trim();
        List<Model> all = all();
        for (Model m : all) {
            if (m.id().equals(s)) {
                return m;
            }
        }
        for (Model m : all) {
            if (m.fs().equals(SEED) && m.id().equals(SEED + "/" + s)) {
                return m;
            }
        }
        int at = s.indexOf('@');
        String fs = at < 0 ? s : s.substring(0, at);
        List<Model> versions = all.stream().filter(m -> m.fs().equals(fs)).collect(Collectors.toList());
        if (!versions.isEmpty() && !fs.equals(SEED)) {
            if (at < 0) {
                return versions.get(versions.size() - 1);
            }
            String v = s.substring(at + 1);
            if (v.startsWith("pre-")) {
                String of = v.substring(4);
                for (int i = 0; i < versions.size(); i++) {
                    if (versions.get(i).version().id().equals(of)) {
                        if (i == 0) {
                            throw new IllegalArgumentException("'" + spec + "': " + fs + "@" + of + " is the oldest version modelled");
                        }
                        return versions.get(i - 1);
                    }
                }
                throw new IllegalArgumentException("'" + spec + "': no version " + fs + "@" + of + " (versions: " + versionIds(versions) + ")");
            }
            if (Releases.isRelease(v)) {
                Model best = null;
                for (Model m : versions) {
                    if (Releases.compare(m.release(), v) <= 0) {
                        best = m;
                    }
                }
                if (best == null) {
                    throw new IllegalArgumentException("'" + spec + "': no version of " + fs + " as old as " + v
                            + " is modelled (oldest: " + versions.get(0).id() + ", " + versions.get(0).release() + ")");
                }
                return best;
            }
            throw new IllegalArgumentException("unknown version '" + v + "' of " + fs + " (versions: " + versionIds(versions)
                    + "; or a release, or pre-ID)");
        }
        if (s.contains(".") && !Releases.isRelease(s) && at < 0) {
            return load(s);
        }
        throw new IllegalArgumentException("unknown filesystem model '" + spec + "' (filesystems: "
                + String.join(", ", names()) + "; see `pagerace filesystems --verbose`, or name the class of your own)");
    }

    private static String versionIds(List<Model> versions) {
        return versions.stream().map(Model::id).collect(Collectors.joining(", "));
    }

    /**
     * The model of a built-in or user {@link FileSystem} class; {@code spec} is how it was named (null: it is
     * registered, and its id names it).
     */
    public static Model model(Class<? extends FileSystem> type, String spec) {
        FileSystem probe = instantiate(type);
        Version v = type.getAnnotation(Version.class);
        String fs = v != null ? v.fs() : type.getName();
        return new Model(probe.id(), fs, v, probe.summary(), spec != null ? spec : probe.id(), era -> {
            if (era != null && era != probe.era()) {
                throw new IllegalArgumentException("--era: " + probe.id() + " runs under " + probe.era().id()
                        + "; only the seed filesystem takes --era");
            }
            return instantiate(type);
        });
    }

    /** The model of a seed handler: the handler inside {@code seed2010}; {@code spec} as for {@link #model}. */
    public static Model seedModel(Convention c, String spec) {
        Seed2010 probe = new Seed2010(c, null);
        Class<? extends Convention> type = c.getClass();
        return new Model(probe.id(), SEED, Seed2010.class.getAnnotation(Version.class), c.summary(),
                spec != null ? spec : probe.id(), era -> new Seed2010(instantiate(type), era));
    }

    private static Model load(String className) {
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("filesystem model class " + className + " not found on the class path"
                    + (userClassPath().isEmpty() ? " (give yours with --classpath)" : " or in " + userClassPath()) + ": " + e);
        }
        if (FileSystem.class.isAssignableFrom(cls)) {
            return model(cls.asSubclass(FileSystem.class), className);
        }
        if (Convention.class.isAssignableFrom(cls)) {
            return seedModel(instantiate(cls.asSubclass(Convention.class)), className);
        }
        throw new IllegalArgumentException(className + " neither extends " + FileSystem.class.getName()
                + " nor implements " + Convention.class.getName());
    }

    private static <T> T instantiate(Class<T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot instantiate " + type.getName()
                    + " (it needs a public no-argument constructor): " + e);
        }
    }
}
