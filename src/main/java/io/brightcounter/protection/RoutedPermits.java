package io.brightcounter.protection;

import java.util.Set;
import java.util.concurrent.Semaphore;

import io.brightcounter.config.BrightCounterProperties;
import io.brightcounter.readings.DiskWaitListener;
import io.brightcounter.web.ApiError;
import io.brightcounter.web.Rejections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Takes a request's permit once Spring MVC has routed it, so the pool is chosen by the
 * handler the request reaches, never by how its path is spelled: {@code create;x=1},
 * {@code /api;a=b/device-readings/create} and {@code %63reate} all reach the create
 * handler and are creates. A handler reached with a method that changes state (POST, PUT,
 * PATCH, DELETE) takes a write permit; one reached with GET or HEAD a read permit. A new
 * endpoint falls into its pool by its method alone, with nothing to list here.
 *
 * <p>
 * A request that reaches no handler (an unknown path, a wrong method) is answered from
 * routing alone, which costs less than waiting for a permit, and takes none.
 *
 * <p>
 * A create whose batch is in the journal's open group and waits for the flush
 * ({@link DiskWaitListener}) trades its write permit for one of a third pool, four times
 * as large: the write permits bound work on the processor, and a create waiting for the
 * disk does none. Held through the flush, the default eight permits on one core kept a
 * flush to about four records and the core idle while they waited (0.58 of the rate
 * without a journal); traded, the creates behind it run and share the next flush. The
 * third pool bounds the creates waiting for the disk, so a stalled disk parks at most
 * five times {@code max-creates} worker threads in creates, and reads and pings keep
 * theirs; past it a create keeps its write permit while it waits, as before. Memory needs
 * neither: bodies reserve theirs from {@code BodyMemory}.
 */
@Component
class RoutedPermits implements HandlerInterceptor, WebMvcConfigurer, MeterBinder, DiskWaitListener {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    private static final String IN_PROGRESS = "bright_counter.requests.in_progress";

    /**
     * Creates that may wait for the journal's flush without a write permit, per permit.
     */
    static final int FLUSH_WAITS_PER_CREATE = 4;

    private final Semaphore writes;

    private final Semaphore reads;

    private final Semaphore flushWaits;

    private final int maxWrites;

    private final int maxReads;

    private final Rejections rejections;

    RoutedPermits(BrightCounterProperties properties, Rejections rejections) {
        BrightCounterProperties.Overload overload = properties.overload();
        this.maxWrites = overload.maxCreates();
        this.maxReads = overload.maxReads();
        this.writes = new Semaphore(this.maxWrites, true);
        this.reads = new Semaphore(this.maxReads, true);
        this.flushWaits = new Semaphore(FLUSH_WAITS_PER_CREATE * this.maxWrites);
        this.rejections = rejections;
    }

    /**
     * {@code bright_counter_requests_in_progress{pool}}: permits taken, writes and reads;
     * at the pool's size, requests wait and are shed. Read at scrape time only.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(IN_PROGRESS, this.writes, (pool) -> this.maxWrites - pool.availablePermits())
            .description("Requests holding a load-shedding permit, by pool")
            .tag("pool", "writes")
            .register(registry);
        Gauge.builder(IN_PROGRESS, this.reads, (pool) -> this.maxReads - pool.availablePermits())
            .description("Requests holding a load-shedding permit, by pool")
            .tag("pool", "reads")
            .register(registry);
        Gauge
            .builder(IN_PROGRESS, this.flushWaits,
                    (pool) -> FLUSH_WAITS_PER_CREATE * this.maxWrites - pool.availablePermits())
            .description("Requests holding a load-shedding permit, by pool")
            .tag("pool", "flush_waits")
            .register(registry);
    }

    /**
     * The current request's create waits for the journal's flush from now on: its write
     * permit is traded for a flush-wait permit if one is free. The request is found
     * through Spring MVC's binding of it to the thread, which holds while a handler runs.
     */
    @Override
    public void waitingForDisk() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current) {
            Admission admission = Admission.of(current.getRequest());
            if (admission != null) {
                admission.exchange(this.writes, this.flushWaits);
            }
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        Admission admission = Admission.of(request);
        if (admission == null || request.getDispatcherType() != DispatcherType.REQUEST) {
            // Not through the shedding filter (the management port), or the error page of
            // a request that already had its turn.
            return true;
        }
        if (admission.acquire(READ_METHODS.contains(request.getMethod()) ? this.reads : this.writes)) {
            return true;
        }
        Admission.discardSmallBody(request);
        this.rejections.respond(request, response, ApiError.OVERLOADED);
        return false;
    }

}
