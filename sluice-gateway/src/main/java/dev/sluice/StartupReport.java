package dev.sluice;

import dev.sluice.config.SluiceConfig;
import dev.sluice.server.Gateway;
import java.io.PrintStream;
import java.util.List;

/** What start-up prints (to stderr: stdout is the access log): where, what, and warnings. */
final class StartupReport {
  private StartupReport() {}

  static void print(PrintStream out, Gateway gateway, boolean quickstart, List<String> warnings) {
    SluiceConfig c = gateway.config();
    String host = c.server().host();
    out.println("sluice " + Sluice.version() + (quickstart ? " (quickstart: built-in config)" : ""));
    out.println("  data plane: http://" + host + ":" + gateway.dataPort() + "/v1");
    out.println("  admin:      http://" + host + ":" + gateway.adminPort() + " (/healthz, /readyz"
        + (c.observability().prometheus() ? ", /metrics)" : ")"));
    out.println("  config:     " + c.backends().size() + " backends, " + c.routes().size()
        + " routes, " + c.teams().size() + " teams, " + c.keys().size() + " keys");
    out.println("  access log: " + c.observability().accessLog().to());
    var otlp = c.observability().otlp();
    out.println("  telemetry:  " + (otlp == null ? "no OTLP export"
        : "OTLP to " + otlp.endpoint() + " (" + (otlp.traces() ? "traces" : "")
            + (otlp.traces() && otlp.metrics() ? ", " : "") + (otlp.metrics() ? "metrics" : "")
            // the header names only: their values are credentials
            + (otlp.headers().isEmpty() ? "" : "; headers " + String.join(", ", otlp.headers().keySet()))
            + ")"));
    out.println("  ledger:     " + c.store().describeLedger());
    if (quickstart) {
      out.println("  demo key:   " + Quickstart.DEMO_KEY);
      out.println();
      out.println("  try: curl http://" + host + ":" + gateway.dataPort() + "/v1/chat/completions \\");
      out.println("         -H 'Authorization: Bearer " + Quickstart.DEMO_KEY + "' \\");
      out.println("         -H 'Content-Type: application/json' \\");
      out.println("         -d '{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, Sluice!\"}]}'");
    }
    for (String warning : warnings) {
      out.println("warning: " + warning);
    }
    out.flush();
  }
}
