package dev.bourse.client;

import io.aeron.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextTest
{
    @Test
    void shouldDefaultToTheLocalClusterAndAnEmbeddedDriverInAFreshDirectory()
    {
        final ExchangeClient.Context first = valid();
        final ExchangeClient.Context second = valid();
        first.conclude();
        second.conclude();

        assertTrue(first.isConcluded());
        assertEquals(ExchangeClient.Configuration.INGRESS_ENDPOINTS_DEFAULT, first.ingressEndpoints());
        assertEquals("aeron:udp?term-length=1m", first.ingressChannel());
        assertEquals("aeron:udp?endpoint=127.0.0.1:0|term-length=1m", first.egressChannel());
        assertTrue(first.embeddedMediaDriver());
        assertNotNull(first.aeronDirectoryName());
        assertFalse(first.aeronDirectoryName().equals(second.aeronDirectoryName()));
        assertNotNull(first.idleStrategy());
        assertNotNull(first.errorHandler());
        assertNotNull(first.listener());
    }

    @Test
    void shouldUseAnExternalDriverWhenItsDirectoryIsGiven()
    {
        final ExchangeClient.Context ctx = valid().aeronDirectoryName("/tmp/some-driver");
        ctx.conclude();

        assertFalse(ctx.embeddedMediaDriver());
        assertEquals("/tmp/some-driver", ctx.aeronDirectoryName());
    }

    @Test
    void shouldRequireUsernameAndPassword()
    {
        assertInvalid("username must be set", new ExchangeClient.Context().password("p"));
        assertInvalid("username must be set", new ExchangeClient.Context().username("").password("p"));
        assertInvalid("username must not contain ':': a:b", new ExchangeClient.Context().username("a:b").password("p"));
        assertInvalid("password must be set", new ExchangeClient.Context().username("alice"));
    }

    @Test
    void shouldRejectMalformedIngressEndpoints()
    {
        assertInvalid("ingressEndpoints must be set, e.g. " + ExchangeClient.Configuration.INGRESS_ENDPOINTS_DEFAULT,
            valid().ingressEndpoints(""));
        final String[] malformed = { "127.0.0.1:20000", "0=127.0.0.1", "x=127.0.0.1:20000", "0=127.0.0.1:port",
            "0=:20000", "0=127.0.0.1:20000,1" };
        for (final String endpoints : malformed)
        {
            assertInvalid("ingressEndpoints must be 'id=host:port' separated by commas: " + endpoints,
                valid().ingressEndpoints(endpoints));
        }
    }

    @Test
    void shouldRejectMissingChannels()
    {
        assertInvalid("ingressChannel must be set", valid().ingressChannel(""));
        assertInvalid("egressChannel must be set", valid().egressChannel(null));
    }

    @Test
    void shouldRejectNonPositiveTimeouts()
    {
        assertInvalid("connectTimeoutNs must be positive: 0", valid().connectTimeoutNs(0));
        assertInvalid("responseTimeoutNs must be positive: -1", valid().responseTimeoutNs(-1));
        assertInvalid("keepAliveIntervalNs must be positive: 0", valid().keepAliveIntervalNs(0));
    }

    @Test
    void shouldRejectOutOfRangeLimitsAndIds()
    {
        assertInvalid("maxPendingRequests must be in [1, 1048576]: 0", valid().maxPendingRequests(0));
        assertInvalid("maxPendingRequests must be in [1, 1048576]: 2097152", valid().maxPendingRequests(1 << 21));
        assertInvalid("firstClientOrderId must be positive, or 0 to continue above the cluster's highest: -1",
            valid().firstClientOrderId(-1));
        assertInvalid("listener must not be null", valid().listener(null));
    }

    @Test
    void shouldRefuseToConcludeTwice()
    {
        final ExchangeClient.Context ctx = valid();
        ctx.conclude();

        assertThrows(IllegalStateException.class, ctx::conclude);
    }

    @Test
    void shouldNotPrintThePassword()
    {
        assertFalse(valid().password("s3cr3t").toString().contains("s3cr3t"));
    }

    private static ExchangeClient.Context valid()
    {
        return new ExchangeClient.Context().username("alice").password("secret");
    }

    private static void assertInvalid(final String message, final ExchangeClient.Context ctx)
    {
        final ConfigurationException ex = assertThrows(ConfigurationException.class, ctx::conclude);
        assertTrue(ex.getMessage().endsWith(message), ex.getMessage());
        assertFalse(ctx.isConcluded());
    }
}
