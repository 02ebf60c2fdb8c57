@testable import PortalService
import Testing

@Suite struct SignInThrottlePolicyTests {
    @Test func theFifthFailureBlocksTheSixthTryAndDelaysDouble() {
        let policy = SignInThrottle.Policy()
        #expect(policy.delay(failures: 4, free: 5) == nil)
        #expect(policy.delay(failures: 5, free: 5) == .seconds(30))
        #expect(policy.delay(failures: 6, free: 5) == .seconds(60))
        #expect(policy.delay(failures: 7, free: 5) == .seconds(120))
        #expect(policy.delay(failures: 40, free: 5) == .seconds(900))
    }

    @Test func tokensCompareWhole() {
        #expect(SessionToken.equal("abc", "abc"))
        #expect(!SessionToken.equal("abc", "abd"))
        #expect(!SessionToken.equal("abc", "abcd"))
        #expect(SessionToken.random() != SessionToken.random())
        #expect(SessionToken.random().count == 43)
    }

    @Test func nextOnlyGoesToThisSite() {
        #expect(SignInPages.safeNext("/requests/1?x=2") == "/requests/1?x=2")
        #expect(SignInPages.safeNext("//evil.example/") == "/")
        #expect(SignInPages.safeNext("https://evil.example/") == "/")
        #expect(SignInPages.safeNext("/\\evil") == "/")
        #expect(SignInPages.safeNext("/sign-in") == "/")
    }
}
