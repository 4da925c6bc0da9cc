import Foundation
import GovLoadTestSupport
import Testing

/// The seed data stays consistent with the census it comes from (seeds/README.md).
@Suite("Seed data")
struct SeedDataTests {
    static func rows(_ file: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: TestSupport.path("seeds/shenzhen/" + file), encoding: .utf8)
        let lines = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test("the 11 districts add up to the census total within 0.1 %, every figure marked")
    func districtsAddUp() throws {
        let districts = try Self.rows("districts.csv")
        #expect(districts.count == 11)
        let total = districts.compactMap { Int($0["residents_2020"] ?? "") }.reduce(0, +)
        #expect(abs(Double(total) - 17_560_061) / 17_560_061 < 0.001, "total \(total)")
        #expect(districts.allSatisfy { ["S", "S-low", "U", "I"].contains($0["residents_certainty"] ?? "") })
        let confirmed = districts.filter { $0["residents_certainty"] == "S" }.count
        #expect(confirmed == 6)
    }

    @Test("the census age shares add up to 1")
    func ageShares() throws {
        let city = try Self.rows("city.csv")
        let shares = ["share_age_0_14", "share_age_15_59", "share_age_60_plus"].compactMap { name in
            city.first { $0["quantity"] == name }.flatMap { Double($0["value"] ?? "") }
        }
        #expect(shares.count == 3)
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
    }
}
