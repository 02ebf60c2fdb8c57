import Foundation

/// Charts drawn on the server as SVG (no JavaScript, no library): horizontal bars (the funnel, a
/// figure per region) and a line of monthly values. Every text is XML-escaped; each chart has a
/// title and description for screen readers, and the same numbers are in a table beside it.
enum SVGChart {
    struct Bar {
        var label: String
        var value: Int
    }

    /// Horizontal bars, longest = full width, the value written at the end of each bar.
    static func bars(title: String, description: String, _ bars: [Bar], width: Int = 640) -> String {
        let rowHeight = 32, labelWidth = 190, top = 8
        let height = top * 2 + rowHeight * max(bars.count, 1)
        let largest = max(bars.map(\.value).max() ?? 0, 1)
        let room = Double(width - labelWidth - 90)
        var svg = header(width: width, height: height, title: title, description: description)
        for (index, bar) in bars.enumerated() {
            let y = top + index * rowHeight
            let length = Int((Double(bar.value) / Double(largest) * room).rounded())
            svg += "<text x=\"\(labelWidth - 8)\" y=\(quoted(y + 21)) text-anchor=\"end\" font-size=\"14\" fill=\"#1b1f24\">\(escape(bar.label))</text>"
            svg += "<rect x=\(quoted(labelWidth)) y=\(quoted(y + 6)) width=\(quoted(max(length, bar.value > 0 ? 2 : 0))) height=\"20\" fill=\"#0b4f6c\"/>"
            svg += "<text x=\(quoted(labelWidth + length + 6)) y=\(quoted(y + 21)) font-size=\"14\" fill=\"#1b1f24\">\(escape(Format.number(bar.value)))</text>"
        }
        return svg + "</svg>"
    }

    /// A line through monthly values with the months along the bottom.
    static func line(title: String, description: String, points: [Bar], width: Int = 640, height: Int = 220) -> String {
        let left = 50, right = 16, top = 16, bottom = 40
        let largest = max(points.map(\.value).max() ?? 0, 1)
        let step = points.count > 1 ? Double(width - left - right) / Double(points.count - 1) : 0
        let plot = Double(height - top - bottom)
        var svg = header(width: width, height: height, title: title, description: description)
        svg += "<line x1=\(quoted(left)) y1=\(quoted(height - bottom)) x2=\(quoted(width - right)) y2=\(quoted(height - bottom)) stroke=\"#6b7785\"/>"
        svg += "<text x=\(quoted(left - 6)) y=\(quoted(top + 10)) text-anchor=\"end\" font-size=\"12\" fill=\"#1b1f24\">\(escape(Format.number(largest)))</text>"
        svg += "<text x=\(quoted(left - 6)) y=\(quoted(height - bottom)) text-anchor=\"end\" font-size=\"12\" fill=\"#1b1f24\">0</text>"
        var path: [String] = []
        for (index, point) in points.enumerated() {
            let x = Double(left) + step * Double(index)
            let y = Double(height - bottom) - Double(point.value) / Double(largest) * plot
            path.append("\(Int(x.rounded())),\(Int(y.rounded()))")
            svg += "<circle cx=\(quoted(Int(x.rounded()))) cy=\(quoted(Int(y.rounded()))) r=\"3\" fill=\"#0b4f6c\"/>"
            svg += "<text x=\(quoted(Int(x.rounded()))) y=\(quoted(height - bottom + 16)) text-anchor=\"middle\" font-size=\"11\" fill=\"#1b1f24\">\(escape(point.label))</text>"
        }
        if !path.isEmpty {
            svg += "<polyline points=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"#0b4f6c\" stroke-width=\"2\"/>"
        }
        return svg + "</svg>"
    }

    private static func header(width: Int, height: Int, title: String, description: String) -> String {
        let id = "c\(abs(title.hashValue) % 1_000_000)"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
            + "aria-labelledby=\"\(id)t \(id)d\"><title id=\"\(id)t\">\(escape(title))</title><desc id=\"\(id)d\">\(escape(description))</desc>"
    }

    private static func quoted(_ value: Int) -> String { "\"\(value)\"" }

    /// XML-escapes text (`&`, `<`, `>`, quotes).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
