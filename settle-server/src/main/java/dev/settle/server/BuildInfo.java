package dev.settle.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Which build runs: the version the CLI's jar was built with ({@code unknown} in tests). */
public final class BuildInfo {
    static final String RESOURCE = "/settle-version.properties";
    static final String UNKNOWN = "unknown";

    private BuildInfo() {}

    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
