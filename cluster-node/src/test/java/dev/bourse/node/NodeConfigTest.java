package dev.bourse.node;

import org.junit.jupiter.api.Test;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeConfigTest
{
    private static NodeConfig withRcvbuf(final String value)
    {
        final Properties properties = new Properties();
        if (null != value)
        {
            properties.setProperty(NodeConfig.SOCKET_RCVBUF, value);
        }
        return NodeConfig.of(properties);
    }

    @Test
    void shouldSwitchSbeAccessOrderChecksOffOnANodeUnlessTheyAreSet()
    {
        final Properties unset = new Properties();
        assertFalse(BourseNode.sbeAccessOrderChecksOffUnlessSet(unset));
        assertEquals("false", unset.getProperty(BourseNode.SBE_ACCESS_ORDER_CHECKS));

        final Properties set = new Properties();
        set.setProperty(BourseNode.SBE_ACCESS_ORDER_CHECKS, "true");
        assertTrue(BourseNode.sbeAccessOrderChecksOffUnlessSet(set), "an explicit setting is kept");
    }

    @Test
    void shouldDefaultTheSocketReceiveBufferToTwoMebibytes()
    {
        assertEquals(2 * 1024 * 1024, withRcvbuf(null).socketRcvbufLength());
    }

    @Test
    void shouldParseSocketReceiveBufferSizes()
    {
        assertEquals(4 * 1024 * 1024, withRcvbuf("4m").socketRcvbufLength());
        assertEquals(256 * 1024, withRcvbuf("256k").socketRcvbufLength());
        assertEquals(1_048_576, withRcvbuf("1048576").socketRcvbufLength());
        assertEquals(64 * 1024 * 1024, withRcvbuf("64m").socketRcvbufLength());
    }

    @Test
    void shouldRefuseSocketReceiveBuffersOutsideTheRangeOrMalformed()
    {
        for (final String bad : new String[]{ "64k", "127k", "65m", "1g", "-2m", "lots", "2x" })
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> withRcvbuf(bad),
                bad);
            assertTrue(ex.getMessage().contains(NodeConfig.SOCKET_RCVBUF), ex.getMessage());
        }
    }
}
