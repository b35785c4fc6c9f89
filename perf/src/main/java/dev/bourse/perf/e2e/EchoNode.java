package dev.bourse.perf.e2e;

import dev.bourse.node.BourseNode;
import dev.bourse.node.NodeConfig;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.nio.file.Path;

/**
 * One cluster member running {@link EchoService} instead of the exchange: the same {@link BourseNode} launcher,
 * configuration ({@code bourse.*} properties) and idle strategies, so the echo baseline differs from the exchange
 * only in its service. Stops on SIGTERM/SIGINT or cluster termination.
 * <p>
 * Usage: {@code EchoNode [config.properties]}, like {@code BourseNode}.
 */
public final class EchoNode
{
    private EchoNode()
    {
    }

    /**
     * Run one echo member.
     *
     * @param args optional path of a properties file.
     */
    public static void main(final String[] args)
    {
        // The same codec settings as a Bourse node, so that the baseline differs only in its service.
        BourseNode.sbeAccessOrderChecksOffUnlessSet(System.getProperties());
        final String file = args.length > 0 ? args[0] : System.getProperty(NodeConfig.CONFIG_FILE);
        final NodeConfig config = NodeConfig.load(null == file ? null : Path.of(file));
        System.out.println("echo node " + config.memberId() + " starting with:\n" + config.describe());
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            BourseNode node = BourseNode.launch(config, barrier::signalAll, EchoService::new))
        {
            System.out.println("echo node " + node.config().memberId() + " running; cluster members " +
                config.clusterMembers());
            barrier.await();
            System.out.println("echo node " + config.memberId() + " shutting down");
        }
    }
}
