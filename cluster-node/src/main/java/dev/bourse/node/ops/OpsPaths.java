package dev.bourse.node.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the ops tool finds the repository (for the local cluster's defaults) and the JVM options of the nodes it
 * starts: {@code -Dbourse.ops.root} (set by deploy/bourse-ops.sh), else the working directory; the options of
 * {@code $BOURSE_JAVA_OPTS}, as deploy/local-cluster.sh passes them.
 */
final class OpsPaths
{
    static final String ROOT_PROPERTY = "bourse.ops.root";

    private OpsPaths()
    {
    }

    static Path root()
    {
        final String root = System.getProperty(ROOT_PROPERTY);
        return Path.of(null == root || root.isBlank() ? "" : root).toAbsolutePath().normalize();
    }

    static List<String> javaOptions()
    {
        final List<String> options = new ArrayList<>();
        final String extra = System.getenv("BOURSE_JAVA_OPTS");
        if (null != extra)
        {
            for (final String option : extra.strip().split("\\s+"))
            {
                if (!option.isEmpty())
                {
                    options.add(option);
                }
            }
        }
        return options;
    }
}
