package dev.bourse.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deployment files under deploy/ (systemd, Kubernetes, Prometheus, Grafana, the image's entrypoint) parse, fit
 * the node's configuration and the metric names of deploy/METRIC_NAMES.txt, and keep the properties the runbook
 * relies on: probes on /ready and /health, one member per host, three replicas, clean stops, the Aeron add-opens.
 */
class DeployFilesTest
{
    private static final Path ROOT = repositoryRoot();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final String TEST_SESSION_KEY =
        "00112233445566778899aabbccddeeff" + "00112233445566778899aabbccddeeff";

    /** Series Prometheus makes itself, not the node. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    /** Labels the node's series carry (contracts), Prometheus adds (job, instance, cluster, pod) or Micrometer's. */
    private static final Set<String> KNOWN_LABELS = Set.of(
        "member", "cluster", "job", "instance", "pod", "type", "reason", "instrument", "side", "le", "area", "id");
    private static final Set<String> PROMQL_KEYWORDS = Set.of(
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
        "inf", "nan", "atan2");
    private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_count", "_sum");

    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
        Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER =
        Pattern.compile("(?<![\\w.$:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Pattern LABEL_VALUES =
        Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");

    @Test
    void shouldParseEveryYamlFileUnderDeploy() throws IOException
    {
        final List<Path> files = yamlFiles();
        assertTrue(files.size() >= 8, "YAML files found: " + files);
        for (final Path file : files)
        {
            final List<Object> documents = loadAll(file);
            assertFalse(documents.isEmpty(), file + " holds no YAML document");
            for (final Object document : documents)
            {
                assertTrue(document instanceof Map, file + ": every document is a mapping");
            }
        }
    }

    @Test
    void shouldKeepOneValidMetricNamePerLine() throws IOException
    {
        final List<String> lines = Files.readAllLines(DEPLOY.resolve("METRIC_NAMES.txt"), StandardCharsets.UTF_8);
        final Set<String> seen = new HashSet<>();
        for (final String line : lines)
        {
            assertTrue(line.matches("[a-z_][a-z0-9_]*"), "not a metric name: '" + line + "'");
            assertTrue(seen.add(line), "listed twice: " + line);
        }
        for (final String contractName : List.of("bourse_cluster_role", "bourse_cluster_commit_position_bytes",
            "bourse_commands_total", "bourse_rejects_total", "bourse_matching_seconds", "bourse_md_publishing",
            "bourse_egress_dropped_total", "bourse_errors_total", "bourse_checkpoint_log_position_bytes"))
        {
            assertTrue(seen.contains(contractName), "METRIC_NAMES.txt misses " + contractName);
        }
    }

    @Test
    void shouldParseTheGrafanaDashboardAsStrictJson() throws IOException
    {
        final JsonNode dashboard = dashboard();
        assertEquals("bourse-cluster", dashboard.path("uid").asText());
        assertFalse(dashboard.path("title").asText().isBlank());
        assertTrue(dashboard.path("schemaVersion").asInt() >= 36, "a current Grafana schema");

        final Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (final JsonNode panel : panels(dashboard))
        {
            final String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "panel id used twice: " + title);
            final JsonNode grid = panel.path("gridPos");
            assertTrue(grid.path("w").asInt() > 0 && grid.path("x").asInt() + grid.path("w").asInt() <= 24,
                "panel fits the 24-column grid: " + title);
            if ("row".equals(panel.path("type").asText()))
            {
                continue;
            }
            assertTrue(Set.of("timeseries", "stat", "state-timeline").contains(panel.path("type").asText()),
                "known panel type: " + title);
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(),
                "panel uses the datasource variable: " + title);
            final Set<String> refIds = new HashSet<>();
            assertTrue(panel.path("targets").size() > 0, "panel has queries: " + title);
            for (final JsonNode target : panel.path("targets"))
            {
                assertTrue(refIds.add(target.path("refId").asText()), "refId used twice in " + title);
                assertFalse(target.path("expr").asText().isBlank(), "empty query in " + title);
                queries++;
            }
        }
        assertTrue(queries >= 30, "queries: " + queries);

        final Set<String> variables = new HashSet<>();
        for (final JsonNode variable : dashboard.path("templating").path("list"))
        {
            variables.add(variable.path("name").asText());
        }
        assertEquals(Set.of("datasource", "cluster", "member", "instrument"), variables);
    }

    @Test
    void shouldShowEveryTopicTheIssueAsksForOnTheDashboard() throws IOException
    {
        final String queries = String.join("\n", dashboardExpressions(dashboard()));
        for (final String required : List.of("bourse_cluster_role", "bourse_cluster_leadership_term_id",
            "rate(bourse_cluster_commit_position_bytes", "bourse_cluster_elections_total", "bourse_commands_total",
            "bourse_rejects_total", "bourse_trades_total", "bourse_open_orders", "bourse_book_levels",
            "bourse_book_quantity", "histogram_quantile(0.5, sum by (member, le) (rate(bourse_matching_seconds_bucket",
            "histogram_quantile(0.99, sum by (member, le) (rate(bourse_matching_seconds_bucket",
            "histogram_quantile(0.999, sum by (member, le) (rate(bourse_matching_seconds_bucket",
            "bourse_egress_back_pressure_total", "bourse_egress_dropped_total", "rate(bourse_md_sequence",
            "bourse_md_publishing", "bourse_errors_total", "jvm_memory_used_bytes{area=\"heap\"",
            "jvm_gc_pause_seconds"))
        {
            assertTrue(queries.contains(required), "the dashboard shows " + required);
        }
    }

    @Test
    void shouldReferenceOnlyListedMetricsAndLabelsInDashboardAndAlerts() throws IOException
    {
        final Set<String> listed = new HashSet<>(
            Files.readAllLines(DEPLOY.resolve("METRIC_NAMES.txt"), StandardCharsets.UTF_8));
        final Map<String, List<String>> expressionsBySource = new LinkedHashMap<>();
        expressionsBySource.put("grafana/bourse-dashboard.json", dashboardExpressions(dashboard()));
        final List<String> alertExpressions = new ArrayList<>();
        for (final Map<String, Object> rule : alertRules())
        {
            alertExpressions.add(String.valueOf(rule.get("expr")));
        }
        expressionsBySource.put("prometheus/alerts.yml", alertExpressions);

        final Set<String> used = new TreeSet<>();
        for (final Map.Entry<String, List<String>> entry : expressionsBySource.entrySet())
        {
            for (final String expression : entry.getValue())
            {
                final Set<String> labels = new TreeSet<>();
                final Set<String> metrics = metricNames(expression, labels);
                assertFalse(metrics.isEmpty(), entry.getKey() + ": no metric found in " + expression);
                for (final String metric : metrics)
                {
                    assertTrue(isListed(metric, listed),
                        entry.getKey() + " uses " + metric + ", which is not in METRIC_NAMES.txt: " + expression);
                    used.add(metric);
                }
                for (final String label : labels)
                {
                    assertTrue(KNOWN_LABELS.contains(label),
                        entry.getKey() + " uses label " + label + ", which no series carries: " + expression);
                }
            }
        }
        assertTrue(used.contains("bourse_matching_seconds_bucket") && used.contains("up"), "parsed: " + used);
    }

    @Test
    void shouldFindMetricNamesInPromqlAndNothingElse()
    {
        final Set<String> labels = new TreeSet<>();
        final Set<String> metrics = metricNames(
            "max by (cluster) (bourse_x_bytes) - on (cluster) group_right bourse_y{a=~\"$v\", b!=\"1\"} > 16 * 1e3"
                + " and histogram_quantile(0.99, sum by (le) (rate(bourse_z_bucket[$__rate_interval] offset 5m)))",
            labels);
        assertEquals(Set.of("bourse_x_bytes", "bourse_y", "bourse_z_bucket"), metrics);
        assertEquals(Set.of("cluster", "a", "b", "le"), labels);
        assertEquals(Set.of("bourse_cluster_role"),
            metricNames("label_values(bourse_cluster_role{cluster=~\"$cluster\"}, member)", labels));
        assertTrue(labels.contains("member"));
    }

    @Test
    void shouldDocumentEveryAlertInTheRunbook() throws IOException
    {
        final String runbook = Files.readString(DEPLOY.resolve("RUNBOOK.md"), StandardCharsets.UTF_8);
        final List<Map<String, Object>> rules = alertRules();
        assertTrue(rules.size() >= 10, "alerts: " + rules.size());
        final Set<String> names = new HashSet<>();
        for (final Map<String, Object> rule : rules)
        {
            final String name = String.valueOf(rule.get("alert"));
            assertTrue(names.add(name), "alert defined twice: " + name);
            assertTrue(runbook.contains("\n### " + name + "\n"), "RUNBOOK.md has a section ### " + name);
            final Map<String, Object> labels = map(rule.get("labels"));
            assertTrue(Set.of("warning", "critical").contains(String.valueOf(labels.get("severity"))), name);
            final Map<String, Object> annotations = map(rule.get("annotations"));
            assertNotNull(annotations.get("summary"), name + " has a summary");
            assertEquals("deploy/RUNBOOK.md#" + name.toLowerCase(Locale.ROOT), annotations.get("runbook"), name);
        }
        for (final String topic : List.of("NoLeader", "CommitPositionStalled", "EgressDropped",
            "MarketDataNotPublishing", "ErrorsRising", "ElectionStorm"))
        {
            assertTrue(names.contains("Bourse" + topic), "an alert for " + topic);
        }
        assertTrue(runbook.contains("## Drill figures measured here"), "the drill figures table");
        assertTrue(runbook.contains("| Fault | Time to new leader | Longest client outage | Orders sent / acked / lost"
            + " / duplicated | MD gap | Hashes agree | Command |"), "the drill table's columns");
    }

    @Test
    void shouldScrapeTheLocalMembersOnTheirContractHttpPorts() throws IOException
    {
        final Map<String, Object> config = map(loadAll(DEPLOY.resolve("prometheus/prometheus.yml")).get(0));
        final List<Object> ruleFiles = list(config.get("rule_files"));
        for (final Object ruleFile : ruleFiles)
        {
            assertTrue(Files.isRegularFile(DEPLOY.resolve("prometheus").resolve(String.valueOf(ruleFile))),
                "rule file exists: " + ruleFile);
        }
        final Map<String, Object> job = map(list(config.get("scrape_configs")).get(0));
        assertEquals("bourse", job.get("job_name"));
        assertEquals("/metrics", job.get("metrics_path"));
        final NodeConfig defaults = NodeConfig.of(new Properties());
        final List<String> expected = new ArrayList<>();
        for (int member = 0; member < defaults.hosts().size(); member++)
        {
            expected.add("127.0.0.1:" + defaults.port(member, 5));
        }
        assertEquals(expected, list(map(list(job.get("static_configs")).get(0)).get("targets")));
    }

    @Test
    void shouldRunThreeMembersOnSeparateHostsInKubernetes() throws IOException
    {
        final Map<String, Map<String, Object>> byKind = kubernetesObjects();
        final Map<String, Object> statefulSet = byKind.get("StatefulSet");
        final Map<String, Object> spec = map(statefulSet.get("spec"));
        assertEquals(3, spec.get("replicas"));
        assertEquals("Parallel", spec.get("podManagementPolicy"), "OrderedReady would never elect a leader");

        final Map<String, Object> service = byKind.get("Service");
        assertEquals(map(service.get("metadata")).get("name"), spec.get("serviceName"));
        assertEquals("None", map(service.get("spec")).get("clusterIP"));
        assertEquals(Boolean.TRUE, map(service.get("spec")).get("publishNotReadyAddresses"),
            "members must resolve each other's names before any of them is ready");

        final Map<String, Object> template = map(spec.get("template"));
        final Map<String, Object> podLabels = map(map(template.get("metadata")).get("labels"));
        assertEquals(podLabels, map(map(spec.get("selector")).get("matchLabels")));
        assertEquals(podLabels, map(map(service.get("spec")).get("selector")));
        final Map<String, Object> pod = map(template.get("spec"));
        assertTrue(((Number)pod.get("terminationGracePeriodSeconds")).intValue() >= 30, "time for a clean stop");
        assertEquals(Boolean.TRUE, map(pod.get("securityContext")).get("runAsNonRoot"));

        final List<Object> antiAffinity = list(map(map(pod.get("affinity")).get("podAntiAffinity"))
            .get("requiredDuringSchedulingIgnoredDuringExecution"));
        assertEquals(1, antiAffinity.size());
        final Map<String, Object> term = map(antiAffinity.get(0));
        assertEquals("kubernetes.io/hostname", term.get("topologyKey"));
        assertEquals(podLabels, map(map(term.get("labelSelector")).get("matchLabels")));

        final Map<String, Object> container = map(list(pod.get("containers")).get(0));
        final Properties properties = configMapProperties(byKind.get("ConfigMap"));
        final int httpPort = Integer.parseInt(properties.getProperty("bourse.http.port"));
        assertEquals("0.0.0.0", properties.getProperty("bourse.http.host"), "probes reach the pod's address");
        assertEquals(httpPort, map(list(container.get("ports")).get(0)).get("containerPort"));
        assertProbe(container, "readinessProbe", "/ready");
        assertProbe(container, "livenessProbe", "/health");
        assertProbe(container, "startupProbe", "/health");
        assertEquals(String.valueOf(httpPort), map(map(template.get("metadata")).get("annotations"))
            .get("prometheus.io/port"));

        final Map<String, String> env = new LinkedHashMap<>();
        for (final Object entry : list(container.get("env")))
        {
            env.put(String.valueOf(map(entry).get("name")), String.valueOf(map(entry).get("value")));
        }
        assertEquals("3", env.get("BOURSE_CLUSTER_SIZE"), "the entrypoint's member count equals the replicas");
        assertEquals(spec.get("serviceName"), env.get("BOURSE_SERVICE_NAME"));

        final Set<String> mounts = new HashSet<>();
        for (final Object mount : list(container.get("volumeMounts")))
        {
            mounts.add(map(mount).get("name") + "=" + map(mount).get("mountPath"));
        }
        assertTrue(mounts.contains("data=" + properties.getProperty("bourse.dir")), "data volume at bourse.dir");
        assertTrue(properties.getProperty("bourse.accounts.file").startsWith("/etc/bourse/secret/"));
        assertTrue(mounts.contains("secret=/etc/bourse/secret"));
        assertTrue(env.get("BOURSE_SESSION_KEY_FILE").startsWith("/etc/bourse/secret/"));
        assertEquals("data", map(map(list(spec.get("volumeClaimTemplates")).get(0)).get("metadata")).get("name"));

        final Map<String, Object> budget = map(byKind.get("PodDisruptionBudget").get("spec"));
        assertEquals(1, budget.get("maxUnavailable"));
        assertEquals(podLabels, map(map(budget.get("selector")).get("matchLabels")));
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException
    {
        final Map<String, Object> kustomization = map(loadAll(DEPLOY.resolve("k8s/kustomization.yaml")).get(0));
        final Set<String> resources = new TreeSet<>();
        for (final Object resource : list(kustomization.get("resources")))
        {
            resources.add(String.valueOf(resource));
        }
        final Set<String> manifests;
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s")))
        {
            manifests = files.map(path -> path.getFileName().toString())
                .filter(name -> name.endsWith(".yaml") && !"kustomization.yaml".equals(name))
                .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(manifests, resources);
    }

    @Test
    void shouldLoadTheSystemdExamplePropertiesForEveryMember() throws IOException
    {
        for (final String shape : List.of("three-node", "five-node"))
        {
            final Properties properties = properties(DEPLOY.resolve("systemd/" + shape + "/bourse.properties"));
            final int members = "three-node".equals(shape) ? 3 : 5;
            assertThrows(IllegalArgumentException.class, () -> NodeConfig.of(properties),
                shape + ": the shipped placeholder key is refused, so nobody runs with it");
            properties.setProperty(NodeConfig.SESSION_KEY, TEST_SESSION_KEY);
            for (int member = 0; member < members; member++)
            {
                properties.setProperty(NodeConfig.MEMBER_ID, String.valueOf(member));
                final NodeConfig config = NodeConfig.of(properties);
                assertEquals(members, config.hosts().size(), shape);
                assertEquals("node" + member + ".example.internal", config.hosts().get(member), shape);
                assertTrue(config.nodeDir().startsWith("/var/lib/bourse"), shape);
                assertFalse(config.usesDevelopmentSessionKey(), shape);
                assertFalse(config.marketDataConfig().channel().contains("127.0.0.1"), shape + ": md leaves the host");
                assertEquals("backoff", config.idle(), shape + ": no busy spin");
            }
            assertEquals("0.0.0.0", properties.getProperty("bourse.http.host"), shape);
        }
    }

    @Test
    void shouldStartTheNodeFromTheSystemdUnit() throws IOException
    {
        final Map<String, Map<String, String>> unit = systemdUnit(DEPLOY.resolve("systemd/bourse-node@.service"));
        assertEquals(Set.of("Unit", "Service", "Install"), unit.keySet());
        final Map<String, String> service = unit.get("Service");
        final String execStart = service.get("ExecStart");
        assertNotNull(execStart, "ExecStart");
        assertTrue(execStart.startsWith("/"), "an absolute executable: " + execStart);
        for (final String addOpens : aeronAddOpens())
        {
            assertTrue(execStart.contains(addOpens), "ExecStart passes " + addOpens);
        }
        assertTrue(execStart.contains("-Dbourse.member.id=%i"), "member id from the instance name");
        assertTrue(execStart.contains("dev.bourse.node.BourseNode ${BOURSE_CONFIG}"), execStart);
        assertEquals("bourse", service.get("User"));
        assertEquals("on-failure", service.get("Restart"));
        assertEquals("/var/lib/bourse", service.get("WorkingDirectory"));
        assertTrue(service.get("EnvironmentFile").contains("/etc/bourse/bourse.env"));
        assertTrue(service.containsKey("LimitMEMLOCK") && service.containsKey("LimitNOFILE"));
        assertTrue(Integer.parseInt(service.get("TimeoutStopSec")) >= 10, "time for a clean SIGTERM stop");
        assertEquals("143", service.get("SuccessExitStatus"), "the JVM's exit status after SIGTERM is a clean stop");
        assertEquals("multi-user.target", unit.get("Install").get("WantedBy"));
    }

    @Test
    void shouldBuildAndRunTheImageAsTheLocalScriptsDo() throws IOException
    {
        final List<String> dockerfile = Files.readAllLines(DEPLOY.resolve("Dockerfile"), StandardCharsets.UTF_8);
        final List<String> images = new ArrayList<>();
        String user = null;
        String entrypoint = null;
        for (final String line : dockerfile)
        {
            if (line.startsWith("FROM "))
            {
                images.add(line.split("\\s+")[1]);
            }
            else if (line.startsWith("USER "))
            {
                user = line.substring(5).strip();
            }
            else if (line.startsWith("ENTRYPOINT "))
            {
                entrypoint = line;
            }
        }
        assertEquals(2, images.size(), "a build stage and a runtime stage");
        for (final String image : images)
        {
            assertTrue(image.matches("[a-z0-9./-]+:[0-9][0-9A-Za-z._-]*"), "pinned version tag: " + image);
            assertTrue(image.contains("temurin-17") || image.contains(":17."), "Temurin 17: " + image);
        }
        assertNotNull(user);
        assertFalse(user.startsWith("0") || user.startsWith("root"), "runs as a non-root user: " + user);
        assertNotNull(entrypoint);
        assertTrue(entrypoint.contains("docker-entrypoint.sh"));
        final String all = String.join("\n", dockerfile);
        assertTrue(all.contains("-pl cluster-node -am package") && all.contains("copy-dependencies"), "classpath");
        assertTrue(all.contains("COPY deploy/docker-entrypoint.sh "));

        final List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"), StandardCharsets.UTF_8);
        assertTrue(ignored.contains("**/target") && ignored.contains(".git"), "no build output or history in context");
        for (final String needed : List.of("pom.xml", ".ci", ".mvn", "schemas", "cluster-node", "deploy",
            "deploy/docker-entrypoint.sh", "deploy/RUNBOOK.md"))
        {
            assertFalse(ignored.contains(needed) || ignored.contains("/" + needed), "the build needs " + needed);
        }
    }

    @Test
    void shouldStartMemberFromStatefulSetOrdinalWithTheConfigMapProperties(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final Path baseConfig = dir.resolve("bourse.properties");
        final Map<String, Map<String, Object>> byKind = kubernetesObjects();
        Files.writeString(baseConfig,
            String.valueOf(map(byKind.get("ConfigMap").get("data")).get("bourse.properties")), StandardCharsets.UTF_8);
        final Path keyFile = dir.resolve("session-key");
        Files.writeString(keyFile, TEST_SESSION_KEY + "\n", StandardCharsets.UTF_8);

        final Map<String, String> env = new LinkedHashMap<>();
        env.put("BOURSE_CONFIG", baseConfig.toString());
        env.put("BOURSE_POD_NAME", "bourse-1");
        env.put("BOURSE_NAMESPACE", "trading");
        env.put("BOURSE_POD_IP", "10.1.2.3");
        env.put("BOURSE_CLUSTER_SIZE", "3");
        env.put("BOURSE_SERVICE_NAME", "bourse-cluster");
        env.put("BOURSE_SESSION_KEY_FILE", keyFile.toString());
        env.put("JAVA_OPTS", "-Xmx1g -Xlog:gc*");
        final Result result = runEntrypoint(dir, env);
        assertEquals(0, result.exitCode, result.output);

        final List<String> args = result.javaArgs();
        assertEquals(List.of("-Xmx1g", "-Xlog:gc*"), args.subList(0, 2), "JAVA_OPTS split, not globbed");
        for (final String addOpens : aeronAddOpens())
        {
            assertTrue(String.join(" ", args).contains(addOpens), "passes " + addOpens);
        }
        assertEquals("dev.bourse.node.BourseNode", args.get(args.size() - 2));
        final Path written = Path.of(args.get(args.size() - 1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)),
            "the file holding the session key is private");

        final NodeConfig config = NodeConfig.of(properties(written));
        assertEquals(1, config.memberId());
        assertEquals(List.of("bourse-0.bourse-cluster.trading.svc.cluster.local",
            "bourse-1.bourse-cluster.trading.svc.cluster.local", "bourse-2.bourse-cluster.trading.svc.cluster.local"),
            config.hosts());
        assertFalse(config.usesDevelopmentSessionKey());
        assertTrue(config.marketDataConfig().channel().contains("interface=10.1.2.3"), "@POD_IP@ replaced");
        assertTrue(config.nodeDir().startsWith("/var/lib/bourse"));
        assertFalse(result.output.contains(TEST_SESSION_KEY), "the key is never printed");
    }

    @Test
    void shouldRefuseToGuessTheMemberId(@TempDir final Path dir) throws IOException, InterruptedException
    {
        final Map<String, String> env = new LinkedHashMap<>();
        env.put("BOURSE_CONFIG", dir.resolve("absent.properties").toString());
        final Result noId = runEntrypoint(dir, env);
        assertEquals(64, noId.exitCode, noId.output);
        assertTrue(noId.output.contains("set BOURSE_MEMBER_ID"), noId.output);

        env.put("BOURSE_POD_NAME", "bourse-3");
        env.put("BOURSE_NAMESPACE", "trading");
        env.put("BOURSE_CLUSTER_SIZE", "3");
        env.put("BOURSE_SERVICE_NAME", "bourse-cluster");
        final Result scaled = runEntrypoint(dir, env);
        assertEquals(64, scaled.exitCode, scaled.output);
        assertTrue(scaled.output.contains("scaled beyond the cluster's static membership"), scaled.output);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static Path repositoryRoot()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (null != dir && !Files.isRegularFile(dir.resolve("deploy/METRIC_NAMES.txt")))
        {
            dir = dir.getParent();
        }
        if (null == dir)
        {
            throw new IllegalStateException("no deploy/METRIC_NAMES.txt above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static List<Path> yamlFiles() throws IOException
    {
        try (Stream<Path> files = Files.walk(DEPLOY))
        {
            return files.filter(path -> path.toString().endsWith(".yml") || path.toString().endsWith(".yaml"))
                .sorted().collect(Collectors.toList());
        }
    }

    private static List<Object> loadAll(final Path file) throws IOException
    {
        final Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        final List<Object> documents = new ArrayList<>();
        for (final Object document : yaml.loadAll(Files.readString(file, StandardCharsets.UTF_8)))
        {
            if (null != document)
            {
                documents.add(document);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object value)
    {
        assertTrue(value instanceof Map, "a mapping: " + value);
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(final Object value)
    {
        assertTrue(value instanceof List, "a list: " + value);
        return (List<Object>)value;
    }

    private static Map<String, Map<String, Object>> kubernetesObjects() throws IOException
    {
        final Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
        for (final Path file : yamlFiles())
        {
            if (!file.startsWith(DEPLOY.resolve("k8s")) || file.endsWith("kustomization.yaml"))
            {
                continue;
            }
            for (final Object document : loadAll(file))
            {
                final Map<String, Object> object = map(document);
                assertNotNull(object.get("apiVersion"), file + ": apiVersion");
                assertFalse(map(object.get("metadata")).containsKey("namespace"), file + ": namespace-agnostic");
                assertTrue(null == byKind.put(String.valueOf(object.get("kind")), object), file + ": one per kind");
            }
        }
        assertEquals(Set.of("Service", "ConfigMap", "StatefulSet", "PodDisruptionBudget"), byKind.keySet());
        return byKind;
    }

    private static Properties configMapProperties(final Map<String, Object> configMap) throws IOException
    {
        final Properties properties = new Properties();
        properties.load(new StringReader(String.valueOf(map(configMap.get("data")).get("bourse.properties"))));
        return properties;
    }

    private static void assertProbe(final Map<String, Object> container, final String probe, final String path)
    {
        final Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
        assertEquals(path, httpGet.get("path"), probe);
        assertEquals("http", httpGet.get("port"), probe + " on the HTTP port");
    }

    private static Properties properties(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return properties;
    }

    private static JsonNode dashboard() throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        return mapper.readTree(DEPLOY.resolve("grafana/bourse-dashboard.json").toFile());
    }

    private static List<JsonNode> panels(final JsonNode dashboard)
    {
        final List<JsonNode> panels = new ArrayList<>();
        for (final JsonNode panel : dashboard.path("panels"))
        {
            panels.add(panel);
            for (final JsonNode nested : panel.path("panels"))
            {
                panels.add(nested);
            }
        }
        return panels;
    }

    private static List<String> dashboardExpressions(final JsonNode dashboard)
    {
        final List<String> expressions = new ArrayList<>();
        for (final JsonNode panel : panels(dashboard))
        {
            for (final JsonNode target : panel.path("targets"))
            {
                expressions.add(target.path("expr").asText());
            }
        }
        for (final JsonNode annotation : dashboard.path("annotations").path("list"))
        {
            if (annotation.has("expr"))
            {
                expressions.add(annotation.path("expr").asText());
            }
        }
        for (final JsonNode variable : dashboard.path("templating").path("list"))
        {
            if ("query".equals(variable.path("type").asText()))
            {
                final JsonNode query = variable.path("query");
                expressions.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return expressions;
    }

    private static List<Map<String, Object>> alertRules() throws IOException
    {
        final List<Map<String, Object>> rules = new ArrayList<>();
        final Map<String, Object> file = map(loadAll(DEPLOY.resolve("prometheus/alerts.yml")).get(0));
        for (final Object group : list(file.get("groups")))
        {
            for (final Object rule : list(map(group).get("rules")))
            {
                rules.add(map(rule));
            }
        }
        return rules;
    }

    /**
     * The metric names a PromQL expression (or a Grafana label_values query) selects, and the label names it uses.
     */
    static Set<String> metricNames(final String expression, final Set<String> labelsOut)
    {
        String text = expression;
        final Matcher labelValues = LABEL_VALUES.matcher(text);
        if (labelValues.matches())
        {
            labelsOut.add(labelValues.group(2));
            text = labelValues.group(1);
        }
        final Matcher matchers = MATCHERS.matcher(text);
        while (matchers.find())
        {
            final Matcher label = MATCHER_LABEL.matcher(STRING.matcher(matchers.group(1)).replaceAll("\"\""));
            while (label.find())
            {
                labelsOut.add(label.group(1));
            }
        }
        text = STRING.matcher(MATCHERS.matcher(text).replaceAll(" ")).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        final Matcher grouping = GROUPING.matcher(text);
        while (grouping.find())
        {
            for (final String label : grouping.group(1).split(","))
            {
                if (!label.isBlank())
                {
                    labelsOut.add(label.strip());
                }
            }
        }
        text = GROUPING.matcher(text).replaceAll(" ");
        final Set<String> metrics = new TreeSet<>();
        final Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find())
        {
            final String name = identifier.group(1);
            if (!PROMQL_KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT)))
            {
                metrics.add(name);
            }
        }
        return metrics;
    }

    private static boolean isListed(final String metric, final Set<String> listed)
    {
        if (listed.contains(metric) || PROMETHEUS_SERIES.contains(metric))
        {
            return true;
        }
        for (final String suffix : HISTOGRAM_SUFFIXES)
        {
            if (metric.endsWith(suffix) && listed.contains(metric.substring(0, metric.length() - suffix.length())))
            {
                return true;
            }
        }
        return false;
    }

    private static List<String> aeronAddOpens() throws IOException
    {
        final String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        final Matcher property = Pattern.compile("<aeron.add.opens>([^<]+)</aeron.add.opens>").matcher(pom);
        assertTrue(property.find(), "the root pom's aeron.add.opens");
        final List<String> flags = new ArrayList<>();
        final Matcher flag = Pattern.compile("--add-opens\\s+(\\S+)").matcher(property.group(1));
        while (flag.find())
        {
            flags.add("--add-opens " + flag.group(1));
        }
        assertEquals(2, flags.size(), property.group(1));
        return flags;
    }

    /**
     * Sections of a systemd unit, each its keys; continuation lines joined; a repeated key keeps every value.
     */
    private static Map<String, Map<String, String>> systemdUnit(final Path file) throws IOException
    {
        final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> section = null;
        final StringBuilder logical = new StringBuilder();
        for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            final String line = raw.strip();
            if (logical.length() == 0 && (line.isEmpty() || line.startsWith("#") || line.startsWith(";")))
            {
                continue;
            }
            if (line.endsWith("\\"))
            {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            final String entry = logical.toString().replaceAll("\\s+", " ").strip();
            logical.setLength(0);
            if (entry.startsWith("[") && entry.endsWith("]"))
            {
                section = new LinkedHashMap<>();
                sections.put(entry.substring(1, entry.length() - 1), section);
                continue;
            }
            final int equals = entry.indexOf('=');
            if (null == section || equals < 1)
            {
                fail(file + ": not a key=value line in a section: " + entry);
            }
            section.merge(entry.substring(0, equals), entry.substring(equals + 1), (a, b) -> a + " " + b);
        }
        return sections;
    }

    private static Result runEntrypoint(final Path dir, final Map<String, String> env)
        throws IOException, InterruptedException
    {
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        // Stand-ins: java prints its arguments; getent resolves every name to the pod IP given.
        final Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor arg in \"$@\"; do printf 'ARG %s\\n' \"$arg\"; done\n",
            StandardCharsets.UTF_8);
        final Path getent = bin.resolve("getent");
        Files.writeString(getent, "#!/bin/sh\nprintf '%s %s\\n' \"${BOURSE_POD_IP:-10.9.9.9}\" \"$2\"\n",
            StandardCharsets.UTF_8);
        for (final Path script : List.of(java, getent))
        {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        final Path log = dir.resolve("entrypoint-" + System.nanoTime() + ".log");
        final ProcessBuilder builder = new ProcessBuilder("sh", DEPLOY.resolve("docker-entrypoint.sh").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BOURSE_") || "JAVA_OPTS".equals(name));
        builder.environment().putAll(env);
        builder.environment().put("BOURSE_RUNTIME_DIR", dir.resolve("run").toString());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        final Process process = builder.start();
        final boolean finished = process.waitFor(30, TimeUnit.SECONDS);
        if (!finished)
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "the entrypoint finished within 30 s: " + output);
        return new Result(process.exitValue(), output);
    }

    private static final class Result
    {
        private final int exitCode;
        private final String output;

        private Result(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }

        private List<String> javaArgs()
        {
            return output.lines().filter(line -> line.startsWith("ARG ")).map(line -> line.substring(4))
                .collect(Collectors.toList());
        }
    }
}
