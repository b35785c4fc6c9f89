package dev.bourse.node.ops;

import dev.bourse.node.NodeConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How every command picks its cluster: {@code --local} (the default: deploy/local-cluster.sh's run directory),
 * {@code --members 0=host:httpPort,...} or {@code --config FILE} for a configured cluster.
 * <p>
 * Keys of the {@code --config} file (a properties file; the node's own properties file may be used, with these
 * added):
 * <ul>
 *   <li>{@code bourse.ops.members}: {@code 0=host:httpPort,1=...}, each member's HTTP endpoint. Default: from
 *       {@code bourse.hosts} and {@code bourse.port.base} (member i at base + 100 i + 5).</li>
 *   <li>{@code bourse.ops.ingress.endpoints}: {@code 0=host:port,...}, the client ingress. Default: from
 *       {@code bourse.hosts} and {@code bourse.port.base}, else each member's HTTP host and HTTP port - 5.</li>
 *   <li>{@code bourse.ops.egress.channel}: the SDK clients' egress channel, e.g.
 *       {@code aeron:udp?endpoint=THIS_HOST:0}.</li>
 *   <li>{@code bourse.ops.cluster.dir}: the cluster directory of the member on this host (snapshot, suspend,
 *       resume, compact).</li>
 *   <li>{@code bourse.md.channel}, {@code bourse.md.stream.id}, {@code bourse.md.snapshot.stream.id}: the
 *       market-data feed; {@code bourse.leader.heartbeat.timeout.ms}, {@code bourse.checkpoint.interval.ms}:
 *       as configured on the nodes.</li>
 *   <li>{@code bourse.ops.admin.user}, {@code bourse.ops.admin.password.file}: admin credentials.</li>
 *   <li>{@code bourse.ops.exec.kill|start|stop|pause|resume}: drill fault commands with {@code {member}} and
 *       {@code {host}} placeholders.</li>
 * </ul>
 */
final class ClusterOptions
{
    static final String MEMBERS = "bourse.ops.members";
    static final String INGRESS = "bourse.ops.ingress.endpoints";
    static final String EGRESS = "bourse.ops.egress.channel";
    static final String CLUSTER_DIR = "bourse.ops.cluster.dir";
    static final String ADMIN_USER = "bourse.ops.admin.user";
    static final String ADMIN_PASSWORD_FILE = "bourse.ops.admin.password.file";
    static final String EXEC_PREFIX = "bourse.ops.exec.";

    /**
     * The mutually exclusive cluster selection.
     */
    static final class Selection
    {
        @Option(names = "--local", description = "The local cluster of deploy/local-cluster.sh (the default).")
        boolean local;

        @Option(names = "--members", paramLabel = "ID=HOST:HTTP_PORT,...",
            description = "A configured cluster: each member's HTTP endpoint, e.g. 0=10.0.0.1:20005,1=10.0.0.2:20105.")
        String members;

        @Option(names = "--config", paramLabel = "FILE",
            description = "A configured cluster described by a properties file (keys in deploy/README.md).")
        Path config;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Selection selection;

    @Option(names = "--run-dir", paramLabel = "DIR",
        description = "Run directory of the local cluster (default: $BOURSE_RUN_DIR, else data/local).")
    Path runDir;

    @Option(names = "--ingress", paramLabel = "ID=HOST:PORT,...",
        description = "Client ingress endpoints of a configured cluster (default: each HTTP host, HTTP port - 5).")
    String ingress;

    @Option(names = "--http-timeout", paramLabel = "DURATION", defaultValue = "2s",
        description = "Timeout of each HTTP request to a member (default: ${DEFAULT-VALUE}).")
    String httpTimeout;

    /**
     * Resolve the selection.
     *
     * @return the target.
     */
    ClusterTarget resolve()
    {
        final Duration timeout = Durations.parse("--http-timeout", httpTimeout);
        if (null != selection && null != selection.members)
        {
            return configured(new TreeMap<>(Map.of(MEMBERS, selection.members)), timeout);
        }
        if (null != selection && null != selection.config)
        {
            return configured(readConfig(selection.config), timeout);
        }
        if (null != ingress)
        {
            throw new IllegalArgumentException("--ingress applies to a configured cluster (--members or --config)");
        }
        return ClusterTarget.ofLocal(localCluster(), timeout);
    }

    boolean isLocal()
    {
        return null == selection || selection.local;
    }

    /**
     * The local cluster's run directory: --run-dir, else $BOURSE_RUN_DIR, else data/local, relative ones under the
     * repository root.
     *
     * @return the directory.
     */
    Path localRunDir()
    {
        if (null != runDir)
        {
            return runDir.toAbsolutePath().normalize();
        }
        final String env = System.getenv("BOURSE_RUN_DIR");
        final Path dir = Path.of(null == env || env.isBlank() ? "data/local" : env);
        return dir.isAbsolute() ? dir : OpsPaths.root().resolve(dir).normalize();
    }

    LocalCluster localCluster()
    {
        return LocalCluster.open(localRunDir(), OpsPaths.root().resolve("deploy/accounts.txt"), OpsPaths.javaOptions());
    }

    private ClusterTarget configured(final Map<String, String> config, final Duration timeout)
    {
        final NodeConfig nodeDefaults = NodeConfig.of(new Properties());
        final List<ClusterTarget.Member> members = new ArrayList<>();
        final String clusterDir = config.get(CLUSTER_DIR);
        final String memberList = config.get(MEMBERS);
        if (null != memberList)
        {
            for (final Endpoints.Endpoint endpoint : Endpoints.parse("members", memberList))
            {
                members.add(new ClusterTarget.Member(endpoint.id(), endpoint.host(), endpoint.port(), null));
            }
        }
        else if (config.containsKey(NodeConfig.HOSTS))
        {
            final int base = Integer.parseInt(config.getOrDefault(NodeConfig.PORT_BASE, "20000").strip());
            final String[] hosts = config.get(NodeConfig.HOSTS).split(",");
            for (int id = 0; id < hosts.length; id++)
            {
                members.add(new ClusterTarget.Member(id, hosts[id].strip(), base + 100 * id + 5, null));
            }
        }
        else
        {
            throw new IllegalArgumentException("the configuration names no members: set " + MEMBERS + " (or " +
                NodeConfig.HOSTS + " and " + NodeConfig.PORT_BASE + ")");
        }

        String ingressEndpoints = null != ingress ? ingress : config.get(INGRESS);
        if (null == ingressEndpoints)
        {
            final StringBuilder derived = new StringBuilder();
            final boolean fromHosts = config.containsKey(NodeConfig.HOSTS) && config.containsKey(NodeConfig.PORT_BASE);
            final int base = fromHosts ? Integer.parseInt(config.get(NodeConfig.PORT_BASE).strip()) : 0;
            for (final ClusterTarget.Member member : members)
            {
                derived.append(derived.length() > 0 ? "," : "").append(member.id()).append('=').append(member.host())
                    .append(':').append(fromHosts ? base + 100 * member.id() : member.httpPort() - 5);
            }
            ingressEndpoints = derived.toString();
        }
        Endpoints.parse("ingress endpoints", ingressEndpoints);

        final Map<String, String> settings = new TreeMap<>(config);
        if (null != clusterDir)
        {
            settings.put(CLUSTER_DIR, clusterDir);
        }
        return new ClusterTarget(
            members,
            ingressEndpoints,
            config.get(EGRESS),
            config.getOrDefault(NodeConfig.MD_CHANNEL, nodeDefaults.marketDataConfig().channel()),
            Integer.parseInt(config.getOrDefault(NodeConfig.MD_STREAM_ID, "1001").strip()),
            Integer.parseInt(config.getOrDefault(NodeConfig.MD_SNAPSHOT_STREAM_ID, "1002").strip()),
            Long.parseLong(config.getOrDefault(NodeConfig.LEADER_HEARTBEAT_TIMEOUT_MS, "3000").strip()),
            Long.parseLong(config.getOrDefault(NodeConfig.CHECKPOINT_INTERVAL_MS, "5000").strip()),
            null,
            timeout,
            settings);
    }

    static Map<String, String> readConfig(final Path file)
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read --config " + file + ": " + ex.getMessage(), ex);
        }
        final Map<String, String> config = new TreeMap<>();
        for (final String name : properties.stringPropertyNames())
        {
            config.put(name, properties.getProperty(name).strip());
        }
        return config;
    }
}
