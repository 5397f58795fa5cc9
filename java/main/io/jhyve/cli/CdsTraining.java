package io.jhyve.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The training run behind scripts/jhyve's AppCDS archive (JHYVE_CDS_DUMP=1, Maven's package
 * phase): runs jhyve once with the given arguments, then loads, without initialising, every class
 * in jhyve's jar. A build machine may have no KVM, so the run can stop at {@code /dev/kvm}; loading
 * the rest by name still puts the hypervisor, device and run-loop classes a real run needs into the
 * class list the JVM writes at exit (-XX:DumpLoadedClassList), which scripts/jhyve then archives
 * (-Xshare:dump). Always exits 0: the archive is the product, not the run.
 */
public final class CdsTraining {
    private CdsTraining() { }

    public static void main(String[] args) throws IOException, URISyntaxException {
        int status = Main.execute(args);
        System.err.println("jhyve CDS training: the run ended with status " + status + "; loading the other classes");
        Path jar = Path.of(CdsTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = CdsTraining.class.getClassLoader();
        int loaded = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.startsWith("io/jhyve/") || !name.endsWith(".class")) continue;
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    loaded++;
                } catch (LinkageError | ClassNotFoundException ex) {
                    // a class that cannot load here (another platform's) simply stays out of the archive
                }
            }
        }
        System.err.println("jhyve CDS training: " + loaded + " jhyve classes loaded");
        System.exit(0);
    }
}
