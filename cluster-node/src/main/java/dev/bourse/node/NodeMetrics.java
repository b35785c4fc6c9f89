package dev.bourse.node;

import dev.bourse.schemas.orderentry.RejectReason;
import io.aeron.driver.status.SystemCounterDescriptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.agrona.collections.IntHashSet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.ToDoubleFunction;

/**
 * A node's Prometheus metrics, through a Micrometer {@link PrometheusMeterRegistry}: the cluster (role, term, commit
 * and applied log positions, elections, snapshots), the exchange service (commands by type, rejects by reason,
 * trades, book figures per instrument, service-time histogram, egress, market data, sessions, forged and malformed
 * input, errors, checkpoints), selected Aeron counters under {@code aeron_*}, and Micrometer's JVM and process
 * binders. Every series carries the label {@code member}. deploy/METRICS.md lists them all.
 * <p>
 * Values are read when scraped, on the scraping thread, from what the service thread publishes (volatile fields and
 * atomic arrays) and from Aeron's counters; nothing here touches the service thread's state.
 */
final class NodeMetrics implements AutoCloseable
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClusterProbe probe;
    private final ServiceCounters counters;
    private final BookStats bookStats;
    private final MatchingHistogramCollector matching;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final IntHashSet instruments = new IntHashSet();

    NodeMetrics(final ClusterProbe probe)
    {
        this.probe = probe;
        this.counters = probe.counters();
        this.bookStats = probe.service().metrics().bookStats();
        this.matching = new MatchingHistogramCollector(probe.service().metrics(), probe.memberId());
        registry.config().commonTags("member", Integer.toString(probe.memberId()));

        registerCluster();
        registerService();
        registerMarketData();
        registerAeron();
        registry.getPrometheusRegistry().register(matching);

        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private void registerCluster()
    {
        gauge("bourse.cluster.role", null, "Role in the cluster: 0 follower, 1 candidate, 2 leader",
            p -> known(p.roleCode()));
        gauge("bourse.cluster.leadership.term.id", null, "Leadership term id", p -> known(p.leadershipTermId()));
        gauge("bourse.cluster.commit.position", "bytes", "Commit position of the replicated log",
            p -> known(p.commitPosition()));
        gauge("bourse.cluster.log.position", "bytes", "Log position the exchange service has applied",
            p -> known(p.appliedLogPosition()));
        counter("bourse.cluster.elections", null, "Elections since the node started",
            p -> Math.max(0, p.electionCount()));
        counter("bourse.cluster.snapshots", null, "Snapshots taken since the node started",
            p -> Math.max(0, p.snapshotCount()));
    }

    private void registerService()
    {
        for (int type = 0; type < ServiceCounters.COMMAND_TYPES.length; type++)
        {
            final int index = type;
            FunctionCounter.builder("bourse.commands", counters, c -> c.commandsByType.get(index))
                .description("Ingress messages by command type, whatever their outcome")
                .tag("type", ServiceCounters.COMMAND_TYPES[type])
                .register(registry);
        }
        for (final RejectReason reason : RejectReason.values())
        {
            if (RejectReason.NONE != reason && RejectReason.NULL_VAL != reason)
            {
                final int slot = reason.value();
                FunctionCounter.builder("bourse.rejects", counters, c -> c.rejectsByReason.get(slot))
                    .description("Answers refusing a request, by reject reason")
                    .tag("reason", reason.name())
                    .register(registry);
            }
        }
        counter("bourse.trades", null, "Trades (one per fill of a resting order)", p -> p.counters().trades);
        counter("bourse.egress.messages", null, "Egress messages offered to client sessions",
            p -> p.counters().egressMessages);
        counter("bourse.egress.back.pressure", null, "Egress offers that met back-pressure (each retry counts)",
            p -> p.counters().egressBackPressure);
        counter("bourse.egress.dropped", null, "Egress messages dropped after the retries",
            p -> p.counters().egressDropped);
        gauge("bourse.sessions", null, "Authenticated client sessions", p -> p.counters().sessions);
        counter("bourse.forged.messages", null, "Messages with a wrong session token (dropped)",
            p -> p.counters().forged);
        counter("bourse.malformed.messages", null, "Malformed messages (rejected)", p -> p.counters().malformed);
        counter("bourse.account.mismatch", null, "Messages naming another account than the session's",
            p -> p.counters().accountMismatch);
        counter("bourse.unauthorized", null, "Sessions or admin commands refused for their principal",
            p -> p.counters().unauthorized);
        counter("bourse.duplicate.requests", null, "Resent client order ids answered from the dedup window",
            p -> p.counters().duplicates);
        counter("bourse.errors", null, "Errors in the exchange service (bugs, not bad input)",
            p -> p.counters().errors);
        counter("bourse.checkpoints", null, "State-hash checkpoints recorded", p -> p.counters().checkpoints);
        gauge("bourse.checkpoint.log.position", "bytes", "Log position of the last state-hash checkpoint",
            p -> known(p.counters().lastCheckpointLogPosition));
    }

    private void registerMarketData()
    {
        gauge("bourse.md.publishing", null, "1 while this node publishes market data",
            p -> p.counters().marketDataPublishing ? 1 : 0);
        gauge("bourse.md.sequence", null, "Next market-data channel sequence (equal on every node)",
            p -> known(p.counters().marketDataNextSequence));
        counter("bourse.md.messages", null, "Market-data messages sent", p -> p.counters().marketDataMessages);
        counter("bourse.md.packets", null, "Market-data packets sent", p -> p.counters().marketDataPackets);
        counter("bourse.md.back.pressure", null, "Market-data sends that met back-pressure",
            p -> p.counters().marketDataBackPressure);
        counter("bourse.md.dropped", null, "Market-data messages dropped (queue full, back-pressure or too old)",
            p -> p.counters().marketDataDropped + p.counters().marketDataStale);
        counter("bourse.md.snapshot.loops", null, "Snapshot-loop rounds sent",
            p -> p.counters().marketDataSnapshotLoops);
    }

    private void registerAeron()
    {
        driverCounter("aeron.driver.errors", SystemCounterDescriptor.ERRORS, null);
        driverCounter("aeron.driver.sent", SystemCounterDescriptor.BYTES_SENT, "bytes");
        driverCounter("aeron.driver.received", SystemCounterDescriptor.BYTES_RECEIVED, "bytes");
        driverCounter("aeron.driver.naks.sent", SystemCounterDescriptor.NAK_MESSAGES_SENT, null);
        driverCounter("aeron.driver.naks.received", SystemCounterDescriptor.NAK_MESSAGES_RECEIVED, null);
        driverCounter("aeron.driver.retransmits.sent", SystemCounterDescriptor.RETRANSMITS_SENT, null);
        driverCounter("aeron.driver.retransmitted", SystemCounterDescriptor.RETRANSMITTED_BYTES, "bytes");
        driverCounter("aeron.driver.loss.gap.fills", SystemCounterDescriptor.LOSS_GAP_FILLS, null);
        driverCounter("aeron.driver.short.sends", SystemCounterDescriptor.SHORT_SENDS, null);
        driverCounter("aeron.driver.sender.flow.control.limits",
            SystemCounterDescriptor.SENDER_FLOW_CONTROL_LIMITS, null);
        driverCounter("aeron.driver.invalid.packets", SystemCounterDescriptor.INVALID_PACKETS, null);
        driverCounter("aeron.driver.client.timeouts", SystemCounterDescriptor.CLIENT_TIMEOUTS, null);
        driverCounter("aeron.driver.unblocked.publications", SystemCounterDescriptor.UNBLOCKED_PUBLICATIONS, null);
        driverCounter("aeron.driver.conductor.cycle.time.threshold.exceeded",
            SystemCounterDescriptor.CONDUCTOR_CYCLE_TIME_THRESHOLD_EXCEEDED, null);
        counter("aeron.cluster.errors", null, "Errors counted by the consensus module",
            p -> Math.max(0, p.consensusModuleErrors()));
        counter("aeron.cluster.service.errors", null, "Errors counted by the clustered service container",
            p -> Math.max(0, p.serviceContainerErrors()));
        counter("aeron.archive.errors", null, "Errors counted by the archive", p -> Math.max(0, p.archiveErrors()));
        counter("aeron.cluster.client.timeouts", null, "Client sessions the consensus module timed out",
            p -> Math.max(0, p.timedOutClients()));
        gauge("aeron.cluster.module.state", null,
            "Consensus module state: 0 init, 1 active, 2 suspended, 3 snapshot, 4 quitting, 5 terminating, 6 closed",
            p -> known(p.moduleState()));
        gauge("aeron.cluster.election.state", null, "Election state (0 init ... 17 closed; see Aeron's Election)",
            p -> known(p.electionState()));
    }

    private void driverCounter(final String name, final SystemCounterDescriptor descriptor, final String baseUnit)
    {
        counter(name, baseUnit, "Aeron media driver: " + descriptor.label(),
            p -> Math.max(0, p.driverCounter(descriptor)));
    }

    private void counter(
        final String name, final String baseUnit, final String description, final ToDoubleFunction<ClusterProbe> f)
    {
        FunctionCounter.builder(name, probe, f).baseUnit(baseUnit).description(description).register(registry);
    }

    private void gauge(
        final String name, final String baseUnit, final String description, final ToDoubleFunction<ClusterProbe> f)
    {
        Gauge.builder(name, probe, f).baseUnit(baseUnit).description(description).register(registry);
    }

    private static double known(final long value)
    {
        return value < 0 ? Double.NaN : value;
    }

    /**
     * Register the book gauges of instruments that appeared since the last call (instruments are never removed).
     */
    private void registerNewInstruments()
    {
        for (final int instrumentId : bookStats.instrumentIds())
        {
            if (instruments.add(instrumentId))
            {
                final String instrument = Integer.toString(instrumentId);
                bookGauge("bourse.open.orders", "Resting orders", instrument, null, instrumentId,
                    BookStats.OPEN_ORDERS);
                bookGauge("bourse.book.levels", "Price levels", instrument, "bid", instrumentId,
                    BookStats.BID_LEVELS);
                bookGauge("bourse.book.levels", "Price levels", instrument, "ask", instrumentId,
                    BookStats.ASK_LEVELS);
                bookGauge("bourse.book.quantity", "Resting quantity", instrument, "bid", instrumentId,
                    BookStats.BID_QUANTITY);
                bookGauge("bourse.book.quantity", "Resting quantity", instrument, "ask", instrumentId,
                    BookStats.ASK_QUANTITY);
            }
        }
    }

    private void bookGauge(
        final String name,
        final String description,
        final String instrument,
        final String side,
        final int instrumentId,
        final int field)
    {
        final Gauge.Builder<BookStats> builder = Gauge.builder(name, bookStats, s -> s.value(instrumentId, field))
            .description(description + " per instrument, copied from the engine once a second")
            .tag("instrument", instrument);
        if (null != side)
        {
            builder.tag("side", side);
        }
        builder.register(registry);
    }

    /**
     * Write every series in the Prometheus text format (version 0.0.4).
     *
     * @param out where to write.
     * @throws IOException if writing fails.
     */
    synchronized void scrape(final OutputStream out) throws IOException
    {
        registerNewInstruments();
        registry.scrape(out);
    }

    /**
     * The registry, for tests and for other node components that add meters.
     *
     * @return the registry.
     */
    PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /**
     * Unbind the JVM binders and close the registry.
     */
    public void close()
    {
        gcMetrics.close();
        registry.close();
    }
}
