package dev.bourse.node;

import org.agrona.SystemUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A node's configuration: a properties file, overridden by system properties of the same name, over the defaults
 * below, which run a three-node cluster on 127.0.0.1. Member {@code i} listens on {@code portBase + 100 * i} plus
 * 0 (client ingress), 1 (consensus), 2 (log), 3 (catch-up) and 4 (archive control), all UDP, and serves its HTTP
 * endpoint (metrics, health, readiness, status) on TCP {@code portBase + 100 * i + 5} unless {@value #HTTP_PORT}
 * says otherwise.
 */
public final class NodeConfig
{
    /** Property: this node's member id. */
    public static final String MEMBER_ID = "bourse.member.id";
    /** Property: comma-separated host of each member, in member id order. */
    public static final String HOSTS = "bourse.hosts";
    /** Property: first port of member 0. */
    public static final String PORT_BASE = "bourse.port.base";
    /** Property: directory under which each node keeps node-ID/{aeron,archive,cluster}. */
    public static final String DIR = "bourse.dir";
    /** Property: accounts file (users, accounts, roles, hashed secrets). */
    public static final String ACCOUNTS_FILE = "bourse.accounts.file";
    /** Property: hex key for session tokens, same on every node, at least 16 bytes. */
    public static final String SESSION_KEY = "bourse.session.key";
    /** Property: clientOrderIds remembered per account. */
    public static final String DEDUP_WINDOW = "bourse.dedup.window";
    /** Property: cluster time between state-hash checkpoints. */
    public static final String CHECKPOINT_INTERVAL_MS = "bourse.checkpoint.interval.ms";
    /** Property: when DAY orders expire, after UTC midnight. */
    public static final String DAY_END_OFFSET_MS = "bourse.day.end.offset.ms";
    /** Property: leader heartbeat timeout before followers start an election. */
    public static final String LEADER_HEARTBEAT_TIMEOUT_MS = "bourse.leader.heartbeat.timeout.ms";
    /** Property: leader heartbeat interval. */
    public static final String LEADER_HEARTBEAT_INTERVAL_MS = "bourse.leader.heartbeat.interval.ms";
    /** Property: election timeout. */
    public static final String ELECTION_TIMEOUT_MS = "bourse.election.timeout.ms";
    /** Property: client session timeout without keep-alives. */
    public static final String SESSION_TIMEOUT_MS = "bourse.session.timeout.ms";
    /** Property: maximum concurrent client sessions (Aeron's default is 10). */
    public static final String MAX_SESSIONS = "bourse.max.sessions";
    /**
     * Property: when a node process runs its JIT warm-up ({@link JitWarmup}) before joining its cluster: fresh (only
     * when the node directory holds no cluster state, i.e. on a new cluster's first start: a restarting node's
     * recovery replays real commands instead), always, or off.
     */
    public static final String WARMUP = "bourse.warmup";
    /** Property: order-entry commands of the JIT warm-up (it also stops after {@link JitWarmup#MAX_TIME_NS}). */
    public static final String WARMUP_COMMANDS = "bourse.warmup.commands";
    /** Property: idle strategy of every agent: backoff or sleep. */
    public static final String IDLE = "bourse.idle";

    /**
     * Property: the longest park of the backoff idle strategy, in microseconds (10 to 100000). An idle agent spins,
     * yields, then parks from 10 us doubling up to this; shorter parks wake agents sooner (lower latency, faster log
     * replay) at the cost of more wake-ups while idle.
     */
    public static final String IDLE_MAX_PARK_US = "bourse.idle.max.park.us";
    /**
     * Property: SO_RCVBUF of the node's UDP sockets, bytes with an optional k/m/g suffix (128k to 64m; default 2m,
     * Aeron's own is 128k). A member that falls behind for a few milliseconds (descheduled, a GC) must not lose
     * datagrams: every loss is a NAK and a retransmission, and under load that extra traffic overflows the buffers
     * again. The OS caps it at net.core.rmem_max (Aeron prints a warning when it does).
     */
    public static final String SOCKET_RCVBUF = "bourse.socket.rcvbuf";
    /** Property: term length of the replicated log. */
    public static final String LOG_TERM_LENGTH = "bourse.log.term.length";
    /** Property: publish market data from this node (followers, or the leader of a one-node cluster). */
    public static final String MD_ENABLED = "bourse.md.enabled";
    /** Property: market-data channel (multicast group, interface=127.0.0.1 for one machine). */
    public static final String MD_CHANNEL = "bourse.md.channel";
    /** Property: incremental stream id. */
    public static final String MD_STREAM_ID = "bourse.md.stream.id";
    /** Property: snapshot loop stream id. */
    public static final String MD_SNAPSHOT_STREAM_ID = "bourse.md.snapshot.stream.id";
    /** Property: heartbeat after this much idle time. */
    public static final String MD_HEARTBEAT_INTERVAL_MS = "bourse.md.heartbeat.interval.ms";
    /** Property: pause between snapshot loops. */
    public static final String MD_SNAPSHOT_INTERVAL_MS = "bourse.md.snapshot.interval.ms";
    /** Property: events older than this are history (a replaying node) and are not published. */
    public static final String MD_MAX_AGE_MS = "bourse.md.max.age.ms";
    /** Property: bound of the outbound market-data queue. */
    public static final String MD_QUEUE_BYTES = "bourse.md.queue.bytes";
    /** Property: serve the HTTP endpoint (/metrics, /health, /ready, /status). */
    public static final String HTTP_ENABLED = "bourse.http.enabled";
    /** Property: the only address the HTTP endpoint binds. */
    public static final String HTTP_HOST = "bourse.http.host";
    /** Property: TCP port of the HTTP endpoint; default portBase + 100 * memberId + 5; 0 for an ephemeral port. */
    public static final String HTTP_PORT = "bourse.http.port";
    /** Port offset of the HTTP endpoint from a member's first port. */
    public static final int HTTP_PORT_OFFSET = 5;
    /** Property: the config file to read, when not given as the first argument. */
    public static final String CONFIG_FILE = "bourse.config";

    private static final long MIN_SOCKET_RCVBUF = 128 * 1024;
    private static final long MAX_SOCKET_RCVBUF = 64 * 1024 * 1024;

    /** Key used when none is configured: fine for a local cluster, never for production. */
    static final String DEVELOPMENT_SESSION_KEY = "626f757273652d6c6f63616c2d646576656c6f706d656e742d6b6579";

    private final Properties properties;

    private NodeConfig(final Properties properties)
    {
        this.properties = properties;
    }

    /**
     * Defaults, then the file (if any), then system properties.
     *
     * @param file a properties file, or null.
     * @return the configuration.
     */
    public static NodeConfig load(final Path file)
    {
        final Properties properties = defaults();
        if (null != file)
        {
            try (InputStream in = Files.newInputStream(file))
            {
                final Properties fromFile = new Properties();
                fromFile.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                properties.putAll(fromFile);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + ex.getMessage(), ex);
            }
        }
        for (final String name : System.getProperties().stringPropertyNames())
        {
            if (name.startsWith("bourse."))
            {
                properties.setProperty(name, System.getProperty(name));
            }
        }
        final NodeConfig config = new NodeConfig(properties);
        config.validate();
        return config;
    }

    /**
     * A configuration from explicit properties over the defaults, ignoring system properties (for tests).
     *
     * @param overrides properties to apply.
     * @return the configuration.
     */
    public static NodeConfig of(final Properties overrides)
    {
        final Properties properties = defaults();
        properties.putAll(overrides);
        final NodeConfig config = new NodeConfig(properties);
        config.validate();
        return config;
    }

    private static Properties defaults()
    {
        final Properties defaults = new Properties();
        defaults.setProperty(MEMBER_ID, "0");
        defaults.setProperty(HOSTS, "127.0.0.1,127.0.0.1,127.0.0.1");
        defaults.setProperty(PORT_BASE, "20000");
        defaults.setProperty(DIR, "data");
        defaults.setProperty(ACCOUNTS_FILE, "deploy/accounts.txt");
        defaults.setProperty(SESSION_KEY, DEVELOPMENT_SESSION_KEY);
        defaults.setProperty(DEDUP_WINDOW, "1024");
        defaults.setProperty(CHECKPOINT_INTERVAL_MS, "5000");
        defaults.setProperty(DAY_END_OFFSET_MS, "0");
        defaults.setProperty(LEADER_HEARTBEAT_TIMEOUT_MS, "3000");
        defaults.setProperty(LEADER_HEARTBEAT_INTERVAL_MS, "200");
        defaults.setProperty(ELECTION_TIMEOUT_MS, "1000");
        defaults.setProperty(SESSION_TIMEOUT_MS, "10000");
        defaults.setProperty(MAX_SESSIONS, "1000");
        defaults.setProperty(WARMUP, "fresh");
        defaults.setProperty(WARMUP_COMMANDS, "300000");
        defaults.setProperty(IDLE, "backoff");
        defaults.setProperty(IDLE_MAX_PARK_US, "1000");
        defaults.setProperty(LOG_TERM_LENGTH, "16m");
        defaults.setProperty(SOCKET_RCVBUF, "2m");
        defaults.setProperty(MD_ENABLED, "true");
        defaults.setProperty(MD_CHANNEL, "aeron:udp?endpoint=224.0.1.1:40456|interface=127.0.0.1|ttl=0");
        defaults.setProperty(MD_STREAM_ID, "1001");
        defaults.setProperty(MD_SNAPSHOT_STREAM_ID, "1002");
        defaults.setProperty(MD_HEARTBEAT_INTERVAL_MS, "200");
        defaults.setProperty(MD_SNAPSHOT_INTERVAL_MS, "500");
        defaults.setProperty(MD_MAX_AGE_MS, "2000");
        defaults.setProperty(MD_QUEUE_BYTES, "67108864");
        defaults.setProperty(HTTP_ENABLED, "true");
        defaults.setProperty(HTTP_HOST, "127.0.0.1");
        return defaults;
    }

    private void validate()
    {
        final int memberCount = hosts().size();
        final int memberId = memberId();
        if (memberId < 0 || memberId >= memberCount)
        {
            throw new IllegalArgumentException(MEMBER_ID + " must be in [0, " + memberCount + "): " + memberId);
        }
        if (portBase() < 1024 || portBase() + 100 * memberCount > 65535)
        {
            throw new IllegalArgumentException(PORT_BASE + " out of range: " + portBase());
        }
        if (!"backoff".equals(idle()) && !"sleep".equals(idle()))
        {
            throw new IllegalArgumentException(IDLE + " must be backoff or sleep: " + idle());
        }
        if (idleMaxParkUs() < 10 || idleMaxParkUs() > 100_000)
        {
            throw new IllegalArgumentException(IDLE_MAX_PARK_US + " must be in [10, 100000]: " + idleMaxParkUs());
        }
        if (socketRcvbufLength() < MIN_SOCKET_RCVBUF || socketRcvbufLength() > MAX_SOCKET_RCVBUF)
        {
            throw new IllegalArgumentException(SOCKET_RCVBUF + " must be in [128k, 64m]: " + get(SOCKET_RCVBUF));
        }
        if (leaderHeartbeatTimeoutNs() <= leaderHeartbeatIntervalNs())
        {
            throw new IllegalArgumentException("leader heartbeat timeout must exceed the interval");
        }
        if (!"fresh".equals(warmup()) && !"always".equals(warmup()) && !"off".equals(warmup()))
        {
            throw new IllegalArgumentException(WARMUP + " must be fresh, always or off: " + warmup());
        }
        if (warmupCommands() < 1 || warmupCommands() > 10_000_000)
        {
            throw new IllegalArgumentException(WARMUP_COMMANDS + " must be in [1, 10000000]: " + warmupCommands());
        }
        if (maxSessions() < 1)
        {
            throw new IllegalArgumentException(MAX_SESSIONS + " must be positive");
        }
        if (httpPort() < 0 || httpPort() > 65535)
        {
            throw new IllegalArgumentException(HTTP_PORT + " out of range: " + httpPort());
        }
        httpHost();
        serviceConfig();
        marketDataConfig();
    }

    private String get(final String name)
    {
        final String value = properties.getProperty(name);
        if (null == value || value.isBlank())
        {
            throw new IllegalArgumentException("missing configuration property " + name);
        }
        return value.strip();
    }

    private long getLong(final String name)
    {
        try
        {
            return Long.parseLong(get(name));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a whole number: " + get(name), ex);
        }
    }

    private int getInt(final String name)
    {
        final long value = getLong(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
        return (int)value;
    }

    /**
     * @return this node's member id.
     */
    public int memberId()
    {
        return getInt(MEMBER_ID);
    }

    /**
     * @return each member's host, in member id order.
     */
    public List<String> hosts()
    {
        final List<String> hosts = new ArrayList<>();
        for (final String host : get(HOSTS).split(","))
        {
            if (!host.isBlank())
            {
                hosts.add(host.strip());
            }
        }
        return hosts;
    }

    /**
     * @return port of member 0's client ingress; other ports derive from it.
     */
    public int portBase()
    {
        return getInt(PORT_BASE);
    }

    /**
     * @param memberId member.
     * @param offset   0 ingress, 1 consensus, 2 log, 3 catch-up, 4 archive control.
     * @return the port.
     */
    public int port(final int memberId, final int offset)
    {
        return portBase() + 100 * memberId + offset;
    }

    /**
     * @return the cluster members in Aeron's format: id,ingress,consensus,log,catchup,archive|...
     */
    public String clusterMembers()
    {
        final List<String> hosts = hosts();
        final StringBuilder members = new StringBuilder();
        for (int id = 0; id < hosts.size(); id++)
        {
            final String host = hosts.get(id);
            if (id > 0)
            {
                members.append('|');
            }
            members.append(id);
            for (int offset = 0; offset <= 4; offset++)
            {
                members.append(',').append(host).append(':').append(port(id, offset));
            }
        }
        return members.toString();
    }

    /**
     * @return the ingress endpoints clients connect to: 0=host:port,1=...
     */
    public String ingressEndpoints()
    {
        final List<String> hosts = hosts();
        final StringBuilder endpoints = new StringBuilder();
        for (int id = 0; id < hosts.size(); id++)
        {
            if (id > 0)
            {
                endpoints.append(',');
            }
            endpoints.append(id).append('=').append(hosts.get(id)).append(':').append(port(id, 0));
        }
        return endpoints.toString();
    }

    /**
     * @return this node's own directory: DIR/node-ID.
     */
    public Path nodeDir()
    {
        return Path.of(get(DIR)).resolve("node-" + memberId());
    }

    /**
     * @return the accounts file.
     */
    public Path accountsFile()
    {
        return Path.of(get(ACCOUNTS_FILE));
    }

    /**
     * @return true when the session token key is the built-in development key.
     */
    public boolean usesDevelopmentSessionKey()
    {
        return DEVELOPMENT_SESSION_KEY.equalsIgnoreCase(get(SESSION_KEY));
    }

    /**
     * @return the exchange service's configuration.
     */
    public ServiceConfig serviceConfig()
    {
        final byte[] key;
        try
        {
            key = HexFormat.of().parseHex(get(SESSION_KEY));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(SESSION_KEY + " must be hex", ex);
        }
        return new ServiceConfig(
            getInt(DEDUP_WINDOW),
            TimeUnit.MILLISECONDS.toNanos(getLong(CHECKPOINT_INTERVAL_MS)),
            key,
            TimeUnit.MILLISECONDS.toNanos(getLong(DAY_END_OFFSET_MS)));
    }

    /**
     * @return how this node publishes market data.
     */
    public MarketDataConfig marketDataConfig()
    {
        return new MarketDataConfig(
            Boolean.parseBoolean(get(MD_ENABLED)),
            get(MD_CHANNEL),
            getInt(MD_STREAM_ID),
            getInt(MD_SNAPSHOT_STREAM_ID),
            TimeUnit.MILLISECONDS.toNanos(getLong(MD_HEARTBEAT_INTERVAL_MS)),
            TimeUnit.MILLISECONDS.toNanos(getLong(MD_SNAPSHOT_INTERVAL_MS)),
            TimeUnit.MILLISECONDS.toNanos(getLong(MD_MAX_AGE_MS)),
            getInt(MD_QUEUE_BYTES),
            hosts().size());
    }

    /**
     * @return leader heartbeat timeout.
     */
    public long leaderHeartbeatTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(getLong(LEADER_HEARTBEAT_TIMEOUT_MS));
    }

    /**
     * @return leader heartbeat interval.
     */
    public long leaderHeartbeatIntervalNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(getLong(LEADER_HEARTBEAT_INTERVAL_MS));
    }

    /**
     * @return election timeout.
     */
    public long electionTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(getLong(ELECTION_TIMEOUT_MS));
    }

    /**
     * @return client session timeout.
     */
    public long sessionTimeoutNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(getLong(SESSION_TIMEOUT_MS));
    }

    /**
     * @return maximum concurrent client sessions.
     */
    public int maxSessions()
    {
        return getInt(MAX_SESSIONS);
    }

    /**
     * @return when the JIT warm-up runs: fresh, always or off.
     */
    public String warmup()
    {
        return get(WARMUP);
    }

    /**
     * @return order-entry commands of the JIT warm-up.
     */
    public int warmupCommands()
    {
        return getInt(WARMUP_COMMANDS);
    }

    /**
     * @return idle strategy name: backoff or sleep.
     */
    public String idle()
    {
        return get(IDLE);
    }

    /**
     * @return the backoff idle strategy's longest park, microseconds.
     */
    public long idleMaxParkUs()
    {
        return getLong(IDLE_MAX_PARK_US);
    }

    /**
     * @return SO_RCVBUF of the node's UDP sockets, bytes.
     */
    public int socketRcvbufLength()
    {
        final String value = get(SOCKET_RCVBUF);
        try
        {
            final long length = SystemUtil.parseSize(SOCKET_RCVBUF, value);
            return (int)Math.min(length, Integer.MAX_VALUE);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(SOCKET_RCVBUF + " must be a size such as 2m or 4194304: " + value, ex);
        }
    }

    /**
     * @return term length of the log channel, e.g. 16m.
     */
    public String logTermLength()
    {
        return get(LOG_TERM_LENGTH);
    }

    /**
     * @return whether this node serves its HTTP endpoint.
     */
    public boolean httpEnabled()
    {
        return Boolean.parseBoolean(get(HTTP_ENABLED));
    }

    /**
     * @return the address the HTTP endpoint binds.
     */
    public String httpHost()
    {
        return get(HTTP_HOST);
    }

    /**
     * @return the HTTP endpoint's port: the configured one (0 = ephemeral), else portBase + 100 * memberId + 5.
     */
    public int httpPort()
    {
        final String value = properties.getProperty(HTTP_PORT);
        return null == value || value.isBlank() ? port(memberId(), HTTP_PORT_OFFSET) : getInt(HTTP_PORT);
    }

    /**
     * @return the effective properties, with the session key masked, for printing at start-up.
     */
    public String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (final String name : new java.util.TreeSet<>(properties.stringPropertyNames()))
        {
            final String value = SESSION_KEY.equals(name) ? "(" + get(SESSION_KEY).length() / 2 + " bytes)" :
                properties.getProperty(name);
            text.append("  ").append(name).append('=').append(value).append('\n');
        }
        return text.toString();
    }
}
