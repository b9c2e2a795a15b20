package dev.settle.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of /metrics in the Prometheus text format: each sample's name, labels and value. */
record MetricsScrape(Map<String, List<MetricsScrape.Sample>> samples) {
    /** A sample line: name, optional labels (values may hold braces: route="/v1/accounts/{id}"), value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(Map<String, String> labels, double value) {}

    static MetricsScrape parse(String text) {
        Map<String, List<Sample>> samples = new HashMap<>();
        Matcher line = SAMPLE.matcher(text);
        while (line.find()) {
            samples.computeIfAbsent(line.group(1), name -> new ArrayList<>())
                    .add(new Sample(labels(line.group(2)), Double.parseDouble(line.group(3))));
        }
        return new MetricsScrape(samples);
    }

    /** Labels as Prometheus prints them ({@code a="x",b="y"}, braces optional); empty for none. */
    static Map<String, String> labels(String printed) {
        Map<String, String> labels = new HashMap<>();
        if (printed != null) {
            Matcher label = LABEL.matcher(printed);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }

    boolean has(String name) {
        return samples.containsKey(name);
    }

    boolean hasLabel(String name, String label) {
        return labelsOf(name).stream().anyMatch(labels -> labels.containsKey(label));
    }

    boolean hasLabelValue(String name, String label, String value) {
        return labelsOf(name).stream().anyMatch(labels -> value.equals(labels.get(label)));
    }

    /** The label sets of every sample of {@code name}. */
    List<Map<String, String>> labelsOf(String name) {
        return samples.getOrDefault(name, List.of()).stream().map(Sample::labels).toList();
    }

    /** The value of the sample of {@code name} with exactly these labels (as printed); fails when there is none. */
    double value(String name, String printedLabels) {
        Map<String, String> wanted = labels(printedLabels);
        for (Sample sample : samples.getOrDefault(name, List.of())) {
            if (sample.labels().equals(wanted)) {
                return sample.value();
            }
        }
        throw new AssertionError("no sample " + name + "{" + printedLabels + "} in the scrape");
    }
}
