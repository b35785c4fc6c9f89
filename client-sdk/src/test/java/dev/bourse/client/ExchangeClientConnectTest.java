package dev.bourse.client;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeClientConnectTest
{
    @Test
    @Timeout(30)
    void shouldFailWithAClearErrorAndCleanUpWhenNoClusterAnswers()
    {
        final List<Throwable> errors = new ArrayList<>();
        final ExchangeClient.Context ctx = new ExchangeClient.Context()
            .username("alice")
            .password("secret")
            .ingressEndpoints("0=127.0.0.1:20999")
            .egressChannel("aeron:udp?endpoint=127.0.0.1:0")
            .connectTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
            .errorHandler(errors::add);

        final ExchangeClientException ex =
            assertThrows(ExchangeClientException.class, () -> ExchangeClient.connect(ctx));

        assertTrue(ex.getMessage().startsWith("no cluster leader answered at 0=127.0.0.1:20999 within 500 ms"),
            ex.getMessage());
        assertTrue(ctx.embeddedMediaDriver());
        assertFalse(new File(ctx.aeronDirectoryName()).exists(), "the embedded driver's directory is deleted");
    }
}
