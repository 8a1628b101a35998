package vn.hailong.tally;

import io.micronaut.context.ApplicationContext;
import vn.hailong.agency.AgencyTree;

import java.time.LocalDate;

/**
 * {@code java -jar hailong.jar rollups rebuild [--agency=CODE] [--from=YYYY-MM-DD] [--to=YYYY-MM-DD]}:
 * runs the rebuild against the configured database (same settings as the app, e.g.
 * DATASOURCES_DEFAULT_URL) without starting the HTTP server, then exits. Safe while copies of the
 * app serve traffic on the same database.
 */
public final class RollupCommand {

    private RollupCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length >= 1 && args[0].equals("rollups");
    }

    /** Returns the process exit code. */
    public static int run(String[] args) {
        if (args.length < 2 || !args[1].equals("rebuild")) {
            System.err.println("usage: rollups rebuild [--agency=CODE] [--from=YYYY-MM-DD] [--to=YYYY-MM-DD]");
            return 2;
        }
        String agency = null;
        LocalDate from = null;
        LocalDate to = null;
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--agency=")) {
                agency = arg.substring("--agency=".length());
            } else if (arg.startsWith("--from=")) {
                from = LocalDate.parse(arg.substring("--from=".length()));
            } else if (arg.startsWith("--to=")) {
                to = LocalDate.parse(arg.substring("--to=".length()));
            } else {
                System.err.println("unknown option " + arg);
                return 2;
            }
        }
        try (ApplicationContext context = ApplicationContext.run()) {
            Long root = null;
            if (agency != null) {
                String code = agency;
                root = context.getBean(AgencyTree.class).byCode(code)
                        .orElseThrow(() -> new IllegalArgumentException("no agency with code " + code)).id();
            }
            RollupRebuild.Result result = context.getBean(RollupRebuild.class).rebuild(root, from, to);
            System.out.printf("rollups rebuilt: %d units, %d responses, %d day rows, %d month rows in %d ms%n",
                    result.units(), result.responses(), result.dayRows(), result.monthRows(), result.millis());
            return 0;
        }
    }
}
