import ConsignCore
import Testing

@testable import ConsignSpool

@Suite("The protocol's service column")
struct ProtocolLabelTests {
    @Test("every kind of service has its own label, short enough for the column (not all 'PPL Parcel…')")
    func labels() {
        let labels = ServiceType.allCases.map(HandoverPublisher.protocolLabel)
        #expect(Set(labels).count == ServiceType.allCases.count)
        #expect(labels.allSatisfy { $0.count <= 10 }, "\(labels)")
    }
}
