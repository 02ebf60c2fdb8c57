import Foundation
import Kafka
@testable import Messaging
import Testing

@Suite("Inbox consumer progress: group state changes")
struct ConsumerProgressTests {
    private func group(_ joinState: String, assigned: Int) throws -> KafkaStatistics.ConsumerGroup {
        try JSONDecoder().decode(KafkaStatistics.ConsumerGroup.self, from: Data("""
            {"state": "up", "join_state": "\(joinState)", "assignment_size": \(assigned)}
            """.utf8))
    }

    @Test("a change of join state or of assigned partitions is reported once; the same view again is not")
    func reportsChangesOnly() throws {
        let progress = EventConsumer.Progress()
        #expect(progress.observe(try group("steady", assigned: 3)) == .init(from: nil, to: "up/steady", assignedPartitions: 3))
        #expect(progress.observe(try group("steady", assigned: 3)) == nil)
        #expect(progress.observe(try group("wait-join", assigned: 0)) == .init(from: "up/steady", to: "up/wait-join", assignedPartitions: 0))
        #expect(progress.snapshot.outOfGroupSince != nil)
        #expect(progress.observe(try group("steady", assigned: 0)) == .init(from: "up/wait-join", to: "up/steady", assignedPartitions: 0))
        #expect(progress.observe(try group("steady", assigned: 6)) == .init(from: "up/steady", to: "up/steady", assignedPartitions: 6))
        #expect(progress.snapshot.outOfGroupSince == nil && progress.snapshot.assignedPartitions == 6)
        #expect(progress.observe(nil) == nil)
    }
}
