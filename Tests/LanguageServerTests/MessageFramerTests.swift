import Foundation
import Testing
@testable import LanguageServer

@Suite struct MessageFramerTests {
    @Test func splitsMessagesThatArriveInPieces() {
        var framer = MessageFramer()
        let one = MessageFramer.frame(Data(#"{"a":1}"#.utf8))
        let two = MessageFramer.frame(Data(#"{"b":"是的"}"#.utf8))
        let stream = one + two
        framer.append(stream.prefix(5))
        #expect(framer.next() == nil)
        framer.append(stream.dropFirst(5).prefix(25))
        #expect(framer.next() == .message(Data(#"{"a":1}"#.utf8)))
        #expect(framer.next() == nil)
        framer.append(stream.dropFirst(30))
        #expect(framer.next() == .message(Data(#"{"b":"是的"}"#.utf8)))
        #expect(framer.next() == nil)
    }

    @Test func countsTheBodyInBytesNotCharacters() {
        let framed = MessageFramer.frame(Data("是的".utf8))
        #expect(String(decoding: framed, as: UTF8.self) == "Content-Length: 6\r\n\r\n是的")
    }

    @Test func acceptsOtherHeadersAndAnyCase() {
        var framer = MessageFramer()
        framer.append(Data("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}".utf8))
        #expect(framer.next() == .message(Data("{}".utf8)))
    }

    @Test func skipsAHeaderWithoutLengthAndGoesOn() {
        var framer = MessageFramer()
        framer.append(Data("X-Nonsense: 1\r\n\r\n".utf8) + MessageFramer.frame(Data("{}".utf8)))
        guard case .invalid = framer.next() else {
            Issue.record("expected an invalid frame")
            return
        }
        #expect(framer.next() == .message(Data("{}".utf8)))
    }

    @Test func skipsABodyOverTheLimitWithoutKeepingIt() {
        var framer = MessageFramer()
        let length = MessageFramer.maximumBodyBytes + 10
        framer.append(Data("Content-Length: \(length)\r\n\r\n".utf8))
        guard case .invalid = framer.next() else {
            Issue.record("expected an invalid frame")
            return
        }
        framer.append(Data(repeating: 65, count: length))
        framer.append(MessageFramer.frame(Data("{}".utf8)))
        #expect(framer.next() == .message(Data("{}".utf8)))
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func refusesAnEndlessHeader() {
        var framer = MessageFramer()
        framer.append(Data(repeating: 65, count: MessageFramer.maximumHeaderBytes + 1))
        guard case .invalid = framer.next() else {
            Issue.record("expected an invalid frame")
            return
        }
        #expect(framer.bufferedByteCount == 0)
    }
}
