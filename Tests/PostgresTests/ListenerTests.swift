import Postgres
import TestSupport
import Testing

/// `PostgresListener` delivers notifications on its channels, reconnects by itself when its
/// connection is dropped (announcing it, since notifications sent meanwhile are lost), and ends its
/// stream on `close()`.
@Suite("LISTEN/NOTIFY")
struct ListenerTests {
    @Test("Reconnect signal first, then notifications; after its backend is terminated it reconnects and keeps receiving; close() ends the stream")
    func listenReconnectClose() async throws {
        let name = uniqueName("pgtests-listener")
        let channel = uniqueName("otop_test_channel")
        let other = uniqueName("otop_other_channel")
        let listener = PostgresListener(configuration: try TestDatabase.configuration(applicationName: name),
                                        channels: [channel], logger: testLogger)
        let recorder = NotificationRecorder(listener)
        defer { recorder.cancel() }
        do {
            try await waitUntil("the listener's first (re)connect signal") { recorder.events.count >= 1 }
            #expect(recorder.events.first?.isReconnect == true)

            try await TestDatabase.withConnection { admin in
                try await admin.execute("SELECT pg_notify(\(other), \("not for us"))")
                try await admin.execute("SELECT pg_notify(\(channel), \("payload"))")
                try await waitUntil("the notification") { !recorder.notifications(on: channel).isEmpty }
                #expect(recorder.notifications(on: channel) == [PostgresNotification(channel: channel, payload: "payload")])
                #expect(recorder.notifications(on: other).isEmpty)

                #expect(try await Backends.terminate(applicationName: name, on: admin) == 1)
                try await waitUntil("the reconnect signal after the backend was terminated") { recorder.reconnects == 2 }
                try await admin.execute("SELECT pg_notify(\(channel), \("ผลิตภัณฑ์ใหม่ after reconnect"))")
                try await waitUntil("the notification after reconnecting") { recorder.notifications(on: channel).count == 2 }
                #expect(recorder.notifications(on: channel).last?.payload == "ผลิตภัณฑ์ใหม่ after reconnect")
                #expect(recorder.events.map(\.isReconnect) == [true, false, true, false])
            }
        } catch {
            await listener.close()
            throw error
        }
        await listener.close()
        try await waitUntil("the stream to end after close()") { recorder.finished }
        try await TestDatabase.withConnection { admin in
            try await waitUntil("the listener's backend to exit") {
                try await Backends.count(applicationName: name, on: admin) == 0
            }
        }
    }
}
