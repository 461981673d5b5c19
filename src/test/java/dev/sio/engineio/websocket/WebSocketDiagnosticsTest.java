package dev.sio.engineio.websocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebSocketDiagnosticsTest {

    @AfterEach
    void reset() {
        WebSocketDiagnostics.plainTimerInstalled(null);
    }

    @Test
    void the_portable_sender_is_reported_as_jakarta_async() {
        FrameSender portable = new FrameSender.JakartaFrameSender(null);
        WebSocketDiagnostics.senderChosen(portable.sendPath());
        assertEquals(WebSocketDiagnostics.SendPath.JAKARTA_ASYNC, WebSocketDiagnostics.sendPath());
    }

    @Test
    void the_timer_is_reported_as_the_containers_until_ours_is_installed_and_skipping() {
        assertEquals(WebSocketDiagnostics.TimerHandling.CONTAINER_SCHEDULER, WebSocketDiagnostics.timerHandling());

        TyrusTimer timer = new TyrusTimer(Thread::new, task -> true);
        try {
            WebSocketDiagnostics.plainTimerInstalled(timer::hasSkipped);
            assertEquals(WebSocketDiagnostics.TimerHandling.PLAIN_SCHEDULER, WebSocketDiagnostics.timerHandling());
            timer.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
            assertEquals(WebSocketDiagnostics.TimerHandling.PLAIN_SCHEDULER_SKIPPING_IDLE_CHECKS, WebSocketDiagnostics.timerHandling());
        } finally {
            timer.shutdownNow();
        }
    }
}
