package dev.slicewise.functions.observe;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import java.util.logging.Logger;
import dev.slicewise.functions.wiring.SlicewiseConfig;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;

/** Puts {@link JsonLogFormatter} on the console handler(s) at start-up (switch off with {@code SLICEWISE_LOG_JSON=false}). */
@ApplicationScoped
public class JsonLogging {
    @Inject
    SlicewiseConfig config;

    void install(@Observes StartupEvent e) {
        if (config.logJson()) install();
    }

    /** @return how many console handlers now format JSON */
    public static int install() {
        int n = 0;
        for (Handler h : Logger.getLogger("").getHandlers()) n += visit(h);
        return n;
    }

    private static int visit(Handler h) {
        int n = 0;
        if (h instanceof ConsoleHandler) {
            h.setFormatter(new JsonLogFormatter());
            n++;
        }
        if (h instanceof ExtHandler ext) for (Handler c : ext.getHandlers()) n += visit(c);
        return n;
    }
}
