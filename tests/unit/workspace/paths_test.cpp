// Paths in workspace files stay inside the workspace (core/workspace/paths),
// read errors say why, and diagnostics stay linear and readable whatever
// the file holds (core/diag line index and control-byte escaping; the YAML
// loader's one-document and UTF-8 rules).
#include <catch2/catch.hpp>

#include <filesystem>
#include <variant>

#include <sys/stat.h>
#include <unistd.h>

#include "core/diag/diagnostic.hpp"
#include "core/workspace/paths.hpp"
#include "core/yaml/document.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl::core;
using journeyctl::testing::TempWorkspace;
namespace fs = std::filesystem;

namespace {

bool outside(const std::variant<workspace::WorkspacePath, workspace::PathProblem>& result) {
    const auto* problem = std::get_if<workspace::PathProblem>(&result);
    return problem != nullptr && problem->kind == workspace::PathProblem::Kind::Outside;
}

std::vector<diag::Diagnostic> parse(const std::string& text) {
    std::vector<diag::Diagnostic> out;
    const yaml::SourceFile file{"t.yaml", text};
    yaml::FileContext ctx(file, out);
    if (ctx.parse()) REQUIRE(out.empty());
    return out;
}

}  // namespace

TEST_CASE("a path inside the workspace resolves relative to its file's folder", "[paths]") {
    TempWorkspace ws;
    ws.write("templates/welcome.html", "<p>Hi</p>");
    const auto result = workspace::resolve_inside(ws.root(), "templates", "welcome.html");
    const auto* path = std::get_if<workspace::WorkspacePath>(&result);
    REQUIRE(path != nullptr);
    CHECK(path->relative == "templates/welcome.html");
    CHECK(path->file == ws.root() / "templates" / "welcome.html");
    // `..` that stays inside, and a file not created yet (the state database).
    CHECK(std::holds_alternative<workspace::WorkspacePath>(
        workspace::resolve_inside(ws.root(), "templates", "../shared/footer.html")));
    CHECK(std::holds_alternative<workspace::WorkspacePath>(
        workspace::resolve_inside(ws.root(), "", ".journeyctl/state.db")));
}

TEST_CASE("absolute paths, .. and symlinks leading out of the workspace are refused", "[paths]") {
    TempWorkspace ws;
    ws.write("templates/welcome.yaml", "template: welcome\n");
    CHECK(outside(workspace::resolve_inside(ws.root(), "templates", "/etc/passwd")));
    CHECK(outside(workspace::resolve_inside(ws.root(), "templates", "../../../../../../etc/passwd")));
    CHECK(outside(workspace::resolve_inside(ws.root(), "", "../state.db")));
    fs::create_symlink("/etc/passwd", ws.root() / "templates" / "evil.html");
    const auto through_link = workspace::resolve_inside(ws.root(), "templates", "evil.html");
    REQUIRE(outside(through_link));
    CHECK(std::get<workspace::PathProblem>(through_link).message.find("through a symlink") != std::string::npos);
    fs::create_directory_symlink("/etc", ws.root() / "templates" / "etc");
    CHECK(outside(workspace::resolve_inside(ws.root(), "templates", "etc/passwd")));
    // An absolute path into the workspace itself is inside.
    CHECK(std::holds_alternative<workspace::WorkspacePath>(
        workspace::resolve_inside(ws.root(), "templates", (ws.root() / "templates/welcome.yaml").string())));
}

TEST_CASE("read errors say why", "[paths]") {
    TempWorkspace ws;
    ws.write("a.yaml", "x: 1\n");
    CHECK(std::get<std::string>(workspace::read_file_text(ws.root() / "a.yaml")) == "x: 1\n");
    fs::create_directories(ws.root() / "folder.yaml");
    CHECK(std::get<workspace::ReadFailure>(workspace::read_file_text(ws.root() / "folder.yaml")).reason ==
          "is a directory");
    CHECK(std::get<workspace::ReadFailure>(workspace::read_file_text(ws.root() / "none.yaml")).reason ==
          "no such file or directory");
    fs::create_symlink("loop.yaml", ws.root() / "loop.yaml");
    CHECK(std::get<workspace::ReadFailure>(workspace::read_file_text(ws.root() / "loop.yaml")).reason ==
          "too many levels of symbolic links");
    REQUIRE(::mkfifo((ws.root() / "fifo.yaml").c_str(), 0600) == 0);
    CHECK(std::get<workspace::ReadFailure>(workspace::read_file_text(ws.root() / "fifo.yaml")).reason ==
          "not a regular file");
    // Permission bits do not stop root: checked only when not running as root.
    if (::geteuid() != 0) {
        fs::permissions(ws.root() / "a.yaml", fs::perms::none);
        CHECK(std::get<workspace::ReadFailure>(workspace::read_file_text(ws.root() / "a.yaml")).reason ==
              "permission denied");
    }
}

TEST_CASE("a line index finds lines as line_of does", "[diag]") {
    const std::string text = "first\r\nsecond\n\nfourth";
    const diag::LineIndex index(text);
    CHECK(index.line_count() == 4);
    for (uint32_t line = 1; line <= 6; ++line) CHECK(index.line(text, line) == diag::line_of(text, line));
    CHECK(index.line(text, 1) == "first");
    CHECK(index.line(text, 4) == "fourth");
    const std::string ends_with_newline = "a\nb\n";
    CHECK(diag::LineIndex(ends_with_newline).line(ends_with_newline, 3).empty());
}

TEST_CASE("control bytes in a diagnostic show escaped and the caret lines up", "[diag]") {
    diag::Diagnostic d;
    d.path = "t.yaml";
    d.line = 1;
    d.column = 4;
    d.length = 3;
    d.message = std::string("unknown key 'x\0y'", 17);
    const std::string line("a\0\tbad", 6);
    const std::string out = diag::render_text(d, line);
    // "a\x00" takes five columns, then the tab is copied, then the caret.
    CHECK(out == "t.yaml:1:4: error: unknown key 'x\\x00y'\n  a\\x00\tbad\n       \t^~~\n");
}

TEST_CASE("a YAML file holds one document", "[yaml]") {
    CHECK(parse("---\na: 1\n").empty());
    CHECK(parse("a: 1\n...\n").empty());
    // A broken second document is found (it was ignored).
    auto ds = parse("a: 1\n---\nb: [broken\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "yaml-syntax");
    ds = parse("a: 1\n---\nb: 2\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "yaml-syntax");
    CHECK(ds[0].line == 2);
    CHECK(ds[0].column == 1);
    CHECK(ds[0].length == 3);
    ds = parse("---\na: 1\n---\nb: 2\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].message.find("second YAML document") != std::string::npos);
    CHECK(ds[0].line == 3);
    // A bare document after "..." is a second one too; comments after it are not.
    ds = parse("a: 1\n...\nb: 2\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].line == 3);
    CHECK(parse("a: 1\n...\n# the end\n\n").empty());
}

TEST_CASE("a malformed stream that sends yaml-cpp's LoadAll into a loop is answered at once", "[yaml]") {
    // Found by fuzz_journey_yaml: LoadAll allocated until it ran out of memory.
    CHECK(parse(",ourtionq[[[[[[").size() <= 1);
}

TEST_CASE("a YAML file must be UTF-8", "[yaml]") {
    CHECK(parse("name: \"Caf\xc3\xa9\"\n").empty());
    auto ds = parse("a: 1\nname: \"Caf\xe9 lovers\"\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "yaml-syntax");
    CHECK(ds[0].line == 2);
    CHECK(ds[0].column == 11);
    CHECK(ds[0].message == "byte 0xE9 is not UTF-8; YAML files must be UTF-8");
    CHECK(parse("a: \"\xed\xa0\x80\"\n").size() == 1);  // a surrogate
    CHECK(parse("a: \"\xc0\xaf\"\n").size() == 1);      // an overlong '/'
    CHECK(parse("a: \"\xf0\x9f\x98\x80\"\n").empty());  // an emoji
    CHECK(parse("a: \xe2\x82").size() == 1);            // cut short at the end
}

TEST_CASE("a YAML file holds no control characters but tab and line breaks", "[yaml]") {
    CHECK(parse("a:\t1\r\nb: \"x\xc2\x85y\"\n").empty());  // tab, CRLF, NEL
    auto ds = parse(std::string("a: 1\ncolour\0ed: blue\n", 22));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "yaml-syntax");
    CHECK(ds[0].line == 2);
    CHECK(ds[0].column == 7);
    CHECK(ds[0].message == "control character 0x00 is not allowed in YAML");
    CHECK(parse("a: \"\x1b[2J\"\n").size() == 1);
    CHECK(parse("a: \"\x7f\"\n").size() == 1);
    ds = parse("a: \"\xc2\x9b" "2J\"\n");  // CSI, a C1 control
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].message == "control character U+009B is not allowed in YAML");
}
