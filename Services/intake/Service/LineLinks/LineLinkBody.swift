/// `POST /v1/line-links`: which of the party's contact persons the linking code is for (the
/// signed-in person's own index, as the portal knows it from the person's JWT subject).
struct LineLinkBody: Decodable {
    var contactIndex: Int?

    func validated() throws(Problem) -> Int {
        var v = Validation()
        let index = v.int(contactIndex, "contactIndex", in: 0...(ContactBody.maxCount - 1), required: true)
        try v.finish()
        return index!
    }
}
