package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the operator files true to the server: the alert rules
 * ({@code ops/prometheus/settle-alerts.yml}), the sample scrape configuration, the Grafana
 * dashboard ({@code ops/grafana/settle-dashboard.json}) and {@code docs/operations.md}.
 * A real server answers a few requests (accounts, a transfer, a refused transfer), then its
 * {@code /metrics} is scraped once; every metric an expression names must be in that scrape,
 * with the labels its selectors and groupings use, and every alert's runbook must be a section
 * of the operations guide.
 */
class OpsFilesTest {
    private static final long GC_WAIT_SECONDS = 30;
    static final Path ALERTS = Path.of("ops", "prometheus", "settle-alerts.yml");
    static final Path PROMETHEUS = Path.of("ops", "prometheus", "prometheus.yml");
    static final Path DASHBOARD = Path.of("ops", "grafana", "settle-dashboard.json");
    static final Path OPERATIONS = Path.of("docs", "operations.md");
    static final String RAFT_METRICS = "settle_raft_";

    /** The {@code settle_raft_*} metrics the operations guide names. */
    static Set<String> raftMetricsNamed() throws IOException {
        String guide = Files.readString(repositoryRoot(Path.of("").toAbsolutePath()).resolve(OPERATIONS));
        Matcher name = Pattern.compile("`(" + RAFT_METRICS + "[a-z0-9_]*[a-z0-9])`").matcher(guide);
        Set<String> named = new LinkedHashSet<>();
        while (name.find()) {
            named.add(name.group(1));
        }
        return named;
    }
    static final Set<String> SEVERITIES = Set.of("page", "ticket");
    /** The job name the rule file selects, as docs/operations.md tells operators to scrape under. */
    static final String JOB = "settle";
    /** Labels Prometheus adds to every scraped sample: never in the scrape itself. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");


    @TempDir
    static Path data;
    static TestServer server;
    static MetricsScrape scrape;
    static Path root;

    @BeforeAll
    static void scrapeAServerThatDidSomeWork() throws Exception {
        root = repositoryRoot(Path.of("").toAbsolutePath());
        server = TestServer.start(data);
        String key = server.defaultKey;
        String debit = server.account(key, "USD");
        String credit = server.account(key, "USD", "debits_must_not_exceed_credits");
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(debit, credit, 5)).status()).isEqualTo(201);
        assertThat(server.post("/v1/transfers", key, TestServer.transfer(credit, debit, 6)).status()).isEqualTo(422);
        assertThat(server.get("/v1/accounts/" + debit, key).status()).isEqualTo(200);
        assertThat(server.get("/health/ready", null).status()).isEqualTo(200);
        scrape = scrapeAfterAGarbageCollection();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Micrometer registers {@code jvm_gc_pause_seconds} at the first collection it is told about,
     * so a young server may not have it yet; one explicit collection makes the scrape complete.
     * The JDK tells a collector's listeners in the order they registered, on one thread: a
     * listener registered now (after the server's meters) hears of the collection after
     * Micrometer did, so once it has, the meter is there.
     */
    private static MetricsScrape scrapeAfterAGarbageCollection() throws InterruptedException {
        CountDownLatch collected = new CountDownLatch(1);
        NotificationListener listener = (notification, handback) -> collected.countDown();
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        try {
            System.gc();
            assertThat(collected.await(GC_WAIT_SECONDS, TimeUnit.SECONDS)).as("a collection's notification").isTrue();
        } finally {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException e) {
                    // Already gone: nothing to remove.
                }
            }
        }
        return MetricsScrape.parse(server.get("/metrics", null).body());
    }

    @Test
    void everyAlertHasItsFieldsASeverityAndARunbookSectionInTheOperationsGuide() throws IOException {
        JsonNode rules = yaml(ALERTS);
        Set<String> anchors = headingAnchors(Files.readString(root.resolve(OPERATIONS)));
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        assertThat(rules.path("groups").isArray() && !rules.path("groups").isEmpty()).as("groups").isTrue();
        for (JsonNode group : rules.path("groups")) {
            if (group.path("name").asText("").isBlank()) {
                problems.add("a group without a name");
            }
            assertThat(group.path("rules").isArray() && !group.path("rules").isEmpty())
                    .as("rules of group %s", group.path("name").asText()).isTrue();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText("");
                String where = "alert " + (alert.isBlank() ? rule : alert) + ": ";
                if (alert.isBlank()) {
                    problems.add(where + "no alert name (recording rules belong elsewhere)");
                } else if (!names.add(alert)) {
                    problems.add(where + "defined twice");
                }
                if (rule.path("expr").asText("").isBlank()) {
                    problems.add(where + "no expr");
                }
                if (!rule.path("for").asText("").matches("\\d+[smhdwy]")) {
                    problems.add(where + "no for duration (write 0m to fire at once)");
                }
                String severity = rule.path("labels").path("severity").asText("");
                if (!SEVERITIES.contains(severity)) {
                    problems.add(where + "severity '" + severity + "' is not one of " + SEVERITIES);
                }
                JsonNode annotations = rule.path("annotations");
                for (String field : List.of("summary", "description")) {
                    if (annotations.path(field).asText("").isBlank()) {
                        problems.add(where + "no annotations." + field);
                    }
                }
                Matcher runbook = Pattern.compile("docs/operations\\.md#([a-z0-9_-]+)")
                        .matcher(annotations.path("runbook_url").asText(""));
                if (!runbook.matches()) {
                    problems.add(where + "annotations.runbook_url is not docs/operations.md#<anchor>: "
                            + annotations.path("runbook_url"));
                } else if (!anchors.contains(runbook.group(1))) {
                    problems.add(where + "its runbook #" + runbook.group(1) + " is no heading of " + OPERATIONS);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(names).contains("SettleDown", "SettlePodDown", "SettleDiskLow", "SettleCommitLatencyHigh",
                "SettlePodQueueBacklog", "SettleRequestsRejected", "SettleHighErrorRate", "SettleApiLatencyHigh",
                "SettleWebhookLag", "SettleWebhookDeadLetters", "SettleRocksdbWriteStopped");
    }

    @Test
    void everyMetricTheAlertsQueryIsServedWithTheLabelsTheyUse() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (JsonNode group : yaml(ALERTS).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String where = "alert " + rule.path("alert").asText();
                Expression expression = Expression.parse(rule.path("expr").asText());
                problems.addAll(expression.problems(where, scrape));
                metrics.addAll(expression.metrics());
                for (Selector selector : expression.selectors()) {
                    if (!selector.selectsJob(JOB)) {
                        problems.add(where + ": " + selector.metric() + " does not select job=\"" + JOB + "\"");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(metrics).contains("up", "settle_pod_up", "settle_pod_commit_seconds_bucket",
                "settle_http_server_requests_seconds_count", "settle_disk_free_bytes");
    }

    @Test
    void everyPanelAndVariableOfTheDashboardQueriesMetricsThatExist() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(root.resolve(DASHBOARD).toFile());
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);

        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            variables.put(variable.path("name").asText(), variable);
        }
        assertThat(variables).containsKeys("datasource", "pod");
        assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
        for (JsonNode variable : variables.values()) {
            if (!variable.path("type").asText().equals("query")) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            problems.addAll(templateQueryProblems("variable " + variable.path("name").asText(), text));
        }
        assertThat(variables.get("pod").path("query").toString()).contains("label_values(settle_pod_up");

        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard.path("panels"), panels);
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : panels) {
            String where = "panel '" + panel.path("title").asText() + "'";
            if (!ids.add(panel.path("id").asInt(-1))) {
                problems.add(where + ": id " + panel.path("id") + " is not unique");
            }
            if (!panel.has("gridPos")) {
                problems.add(where + ": no gridPos");
            }
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (!panel.path("datasource").path("uid").asText().equals("${datasource}")) {
                problems.add(where + ": its datasource is not the ${datasource} variable");
            }
            if (!panel.path("targets").isArray() || panel.path("targets").isEmpty()) {
                problems.add(where + ": no targets");
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (expr.isBlank()) {
                    problems.add(where + ": a target without expr");
                    continue;
                }
                queries++;
                problems.addAll(Expression.parse(expr).problems(where, scrape));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(queries).isGreaterThan(20);
    }

    @Test
    void theSampleScrapeConfigurationScrapesJobSettleAndLoadsTheRules() throws IOException {
        JsonNode config = yaml(PROMETHEUS);
        List<String> ruleFiles = new ArrayList<>();
        config.path("rule_files").forEach(file -> ruleFiles.add(file.asText()));
        assertThat(ruleFiles).isNotEmpty();
        for (String file : ruleFiles) {
            assertThat(root.resolve(PROMETHEUS).resolveSibling(file)).as(file).isRegularFile();
        }
        List<JsonNode> jobs = new ArrayList<>();
        config.path("scrape_configs").forEach(jobs::add);
        assertThat(jobs).anySatisfy(job -> {
            assertThat(job.path("job_name").asText()).isEqualTo(JOB);
            assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
            assertThat(job.path("static_configs").path(0).path("targets")).isNotEmpty();
        });
    }

    /**
     * The metric names the operations guide's Metrics and Alerts sections show in code spans
     * are served: a histogram or summary by its family name (its {@code _count} is in the scrape).
     */
    @Test
    void theMetricsTheOperationsGuideNamesAreServed() throws IOException {
        String guide = Files.readString(root.resolve(OPERATIONS));
        String sections = section(guide, "Metrics") + section(guide, "Alerts");
        Matcher name = Pattern.compile("`((?:settle|jvm|process|system)_[a-z0-9_]*[a-z0-9])[`{]").matcher(sections);
        Set<String> named = new LinkedHashSet<>();
        while (name.find()) {
            named.add(name.group(1));
        }
        assertThat(named).hasSizeGreaterThan(20);
        // A cluster node's (ClusterApiTest checks those against a node's scrape).
        named.removeIf(metric -> metric.startsWith(RAFT_METRICS));
        assertThat(named).allSatisfy(metric -> assertThat(scrape.has(metric) || scrape.has(metric + "_count"))
                .as("%s, named in %s, is in the scrape", metric, OPERATIONS).isTrue());
    }

    /** {@code label_values(selector, label)}: the selector's metrics exist and carry the label. */
    private static List<String> templateQueryProblems(String where, String query) {
        Matcher labelValues = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)")
                .matcher(query.strip());
        if (!labelValues.matches()) {
            return query.startsWith("label_values(") ? List.of() : Expression.parse(query).problems(where, scrape);
        }
        Expression expression = Expression.parse(labelValues.group(1));
        List<String> problems = new ArrayList<>(expression.problems(where, scrape));
        String label = labelValues.group(2);
        if (!TARGET_LABELS.contains(label) && expression.metrics().stream().noneMatch(m -> scrape.hasLabel(m, label))) {
            problems.add(where + ": no metric of '" + labelValues.group(1) + "' has the label " + label);
        }
        return problems;
    }

    private static void collectPanels(JsonNode list, List<JsonNode> into) {
        for (JsonNode panel : list) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }

    /** The text of the level-2 section titled {@code title}, up to the next level-2 heading. */
    static String section(String markdown, String title) {
        int start = markdown.indexOf("\n## " + title + "\n");
        assertThat(start).as("section ## %s", title).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    /** The anchors GitHub gives the headings of a Markdown text (code blocks aside). */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (!fenced && heading.matches()) {
                String anchor = anchor(heading.group(1));
                int count = seen.merge(anchor, 1, Integer::sum);
                anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, punctuation dropped (letters, digits, spaces, '-' and '_' kept), spaces to '-'. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
    }

    private static JsonNode yaml(Path relative) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(root.resolve(relative).toFile());
    }

    /** The nearest directory at or above {@code start} that holds the ops files: the repository. */
    static Path repositoryRoot(Path start) {
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(ALERTS))) {
                return directory;
            }
        }
        throw new IllegalStateException("no " + ALERTS + " at or above " + start);
    }

    /** One scrape: the sample names, and the label sets each name was served with. */
    /** A vector selector: its metric name and label matchers. */
    record Selector(String metric, List<String[]> matchers) {
        boolean selectsJob(String job) {
            return matchers.stream().anyMatch(m -> m[0].equals("job") && m[1].equals("=") && m[2].equals(job));
        }
    }

    /**
     * What a PromQL expression (or a Grafana query, whose {@code $variables} sit in label values
     * and ranges) names: its selectors, the labels it groups or matches on, and every other
     * identifier, which is a function, an aggregation, a keyword or a metric. Not a parser: it
     * reads names out of strings-free text, which suffices for the queries operators write.
     */
    record Expression(String source, List<Selector> selectors, Set<String> groupingLabels, Set<String> metrics,
            Set<String> unknownFunctions) {
        /** Aggregations, binary and modifier keywords, and number literals that read as words. */
        static final Set<String> KEYWORDS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
                "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio", "by", "without", "on",
                "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2", "start",
                "end", "inf", "nan");
        /** PromQL's functions, and Grafana's template query functions. */
        static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin",
                "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
                "cos", "cosh", "count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month",
                "deg", "delta", "deriv", "double_exponential_smoothing", "exp", "floor", "histogram_avg",
                "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev",
                "histogram_stdvar", "histogram_sum", "holt_winters", "hour", "idelta", "increase", "irate",
                "label_join", "label_replace", "last_over_time", "ln", "log10", "log2", "mad_over_time",
                "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time",
                "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort",
                "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time",
                "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year", "label_values",
                "label_names", "metrics", "query_result");
        /** Prometheus's own series about each target: never in the target's scrape. */
        static final Set<String> PROMETHEUS_SERIES = Set.of("up");
        /** Marks where a selector's braces were, so a bare metric name (no matchers) is told apart. */
        private static final char SELECTED = '\u0001';
        private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
        private static final Pattern SELECTOR = Pattern.compile(
                "([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{((?:[^\"}]|" + QUOTED + ")*)\\}");
        private static final Pattern MATCHER = Pattern.compile(
                "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(" + QUOTED + ")");
        private static final Pattern STRING = Pattern.compile(QUOTED + "|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
        private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
        private static final Pattern GROUPING = Pattern.compile(
                "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
        private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*");

        static Expression parse(String source) {
            List<Selector> selectors = new ArrayList<>();
            StringBuilder rest = new StringBuilder();
            Matcher selector = SELECTOR.matcher(source);
            while (selector.find()) {
                List<String[]> matchers = new ArrayList<>();
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    String quoted = matcher.group(3);
                    matchers.add(new String[] {matcher.group(1), matcher.group(2),
                        quoted.substring(1, quoted.length() - 1).replace("\\\\", "\\")});
                }
                selectors.add(new Selector(selector.group(1), matchers));
                selector.appendReplacement(rest, Matcher.quoteReplacement(
                        selector.group(1) == null ? " " : selector.group(1) + SELECTED + " "));
            }
            selector.appendTail(rest);
            String text = RANGE.matcher(STRING.matcher(rest).replaceAll(" ")).replaceAll(" ");
            Set<String> groupingLabels = new LinkedHashSet<>();
            Matcher grouping = GROUPING.matcher(text);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    if (!label.isBlank()) {
                        groupingLabels.add(label.strip());
                    }
                }
            }
            text = GROUPING.matcher(text).replaceAll(" ");
            Set<String> metrics = new LinkedHashSet<>();
            Set<String> unknownFunctions = new LinkedHashSet<>();
            Matcher identifier = IDENTIFIER.matcher(text);
            while (identifier.find()) {
                String name = identifier.group();
                boolean called = text.substring(identifier.end()).stripLeading().startsWith("(");
                if (KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if (called) {
                    if (!FUNCTIONS.contains(name)) {
                        unknownFunctions.add(name);
                    }
                } else {
                    metrics.add(name);
                    if (identifier.end() == text.length() || text.charAt(identifier.end()) != SELECTED) {
                        selectors.add(new Selector(name, List.of()));
                    }
                }
            }
            return new Expression(source, selectors, groupingLabels, metrics, unknownFunctions);
        }

        /** What in this expression the scrape does not bear out; empty when all of it does. */
        List<String> problems(String where, MetricsScrape scrape) {
            List<String> problems = new ArrayList<>();
            String at = where + ": `" + source.strip().replaceAll("\\s+", " ") + "`: ";
            if (metrics.isEmpty()) {
                problems.add(at + "names no metric");
            }
            for (String name : unknownFunctions) {
                problems.add(at + name + "(…) is no PromQL function");
            }
            for (String metric : metrics) {
                if (!PROMETHEUS_SERIES.contains(metric) && !scrape.has(metric)) {
                    problems.add(at + "metric " + metric + " is not in the scrape");
                }
            }
            for (Selector selector : selectors) {
                if (selector.metric() == null) {
                    problems.add(at + "a selector without a metric name");
                    continue;
                }
                if (PROMETHEUS_SERIES.contains(selector.metric()) || !scrape.has(selector.metric())) {
                    continue;
                }
                for (String[] matcher : selector.matchers()) {
                    String label = matcher[0];
                    if (TARGET_LABELS.contains(label)) {
                        continue;
                    }
                    if (!scrape.hasLabel(selector.metric(), label)) {
                        problems.add(at + selector.metric() + " has no label " + label);
                    } else if (matcher[1].equals("=") && !matcher[2].contains("$")
                            && !scrape.hasLabelValue(selector.metric(), label, matcher[2])) {
                        problems.add(at + selector.metric() + " is never served with " + label + "=\"" + matcher[2]
                                + "\"");
                    }
                }
            }
            for (String label : groupingLabels) {
                if (!TARGET_LABELS.contains(label) && metrics.stream().noneMatch(m -> scrape.hasLabel(m, label))) {
                    problems.add(at + "groups by " + label + ", which none of its metrics has");
                }
            }
            return problems;
        }
    }
}
