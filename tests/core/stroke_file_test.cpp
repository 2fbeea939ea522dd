#include "core/data/stroke_file.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

const char* kSeven = R"({"width":500,"height":400,"pen_width":12.5,"label":7,"writer":"w03",)"
                     R"("strokes":[[[10,20],[300,20.25],[150,380]],[[100,250]]]})";

std::string errorOf(const std::string& text, StrokeFile::Options options = {}) {
    try {
        StrokeFile::parse(text, "set.jsonl", options);
    } catch (const FileError& error) {
        return error.what();
    }
    return "";
}

TEST(StrokeFile, ReadsEveryFieldOfADatasetLine) {
    const std::vector<Drawing> drawings = StrokeFile::parse(kSeven, "set.jsonl");
    ASSERT_EQ(drawings.size(), 1u);
    const Drawing& d = drawings[0];
    EXPECT_EQ(d.width, 500);
    EXPECT_EQ(d.height, 400);
    EXPECT_EQ(d.penWidth, 12.5);
    EXPECT_EQ(d.label, 7);
    EXPECT_EQ(d.writer, "w03");
    ASSERT_EQ(d.strokes.size(), 2u);
    EXPECT_EQ(d.strokes[0].points.size(), 3u);
    EXPECT_EQ(d.strokes[0].points[1], (Point{300, 20.25}));
    EXPECT_EQ(d.strokes[1].points.size(), 1u);  // a tap
}

TEST(StrokeFile, WriterMayBeANumberAndLabelsAreOptionalUnlessRequired) {
    const auto d = StrokeFile::parse(
        R"({"width":9,"height":9,"pen_width":1,"writer":12,"strokes":[[[1,1]]]})", "x");
    EXPECT_EQ(d[0].writer, "12");
    EXPECT_EQ(d[0].label, -1);
    EXPECT_NE(errorOf(R"({"width":9,"height":9,"pen_width":1,"strokes":[[[1,1]]]})",
                      {.requireLabels = true})
                  .find("line 1: 'label' is missing"),
              std::string::npos);
}

TEST(StrokeFile, EveryErrorNamesTheFileAndTheLineAndRefusesTheWholeFile) {
    const std::string good = std::string(kSeven) + "\n\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{not json", "malformed JSON"},
        {R"({"width":8E999,"height":9,"pen_width":1,"strokes":[[[1,1]]]})", "malformed JSON"},
        {R"({"width":9,"height":9,"pen_width":1,"label":10,"strokes":[[[1,1]]]})", "'label'"},
        {R"({"width":9,"height":9,"pen_width":1,"label":2.5,"strokes":[[[1,1]]]})", "'label'"},
        {R"({"width":9,"height":9,"pen_width":1,"writer":[1],"strokes":[[[1,1]]]})", "'writer'"},
        {R"({"width":9,"height":9,"pen_width":1,"strokes":[[[1,1,1]]]})", "[x, y]"},
        {R"({"width":9,"height":9,"pen_width":1,"strokes":[[[19,1]]]})", "far outside"},
        {R"({"width":9,"height":9,"pen_width":1,"strokes":[[[1,-10]]]})", "far outside"},
        {R"({"width":9,"height":9,"pen_width":1,"strokes":[[]]})", "no strokes"},
        {R"([1,2])", "expected a JSON object"},
    };
    for (const auto& [line, problem] : cases) {
        const std::string error = errorOf(good + line + "\n");
        EXPECT_EQ(error.rfind("set.jsonl: line 3: ", 0), 0u) << error;
        EXPECT_NE(error.find(problem), std::string::npos) << error;
    }
    EXPECT_NE(errorOf("\n \n").find("holds no drawings"), std::string::npos);
}

TEST(StrokeFile, PointsALittleOutsideAreClampedToTheCanvas) {
    const auto d = StrokeFile::parse(
        R"({"width":400,"height":300,"pen_width":9,"strokes":[[[400.1,58.4],[-3,301],[-400,600]]]})",
        "x");
    const auto& p = d[0].strokes[0].points;
    EXPECT_EQ(p[0], (Point{400, 58.4}));
    EXPECT_EQ(p[1], (Point{0, 300}));
    EXPECT_EQ(p[2], (Point{0, 300}));  // exactly one canvas size outside: still clamped
}

TEST(StrokeFile, ToJsonLineRoundTripsExactly) {
    Drawing d = StrokeFile::parse(kSeven, "x").front();
    d.strokes[0].points[0] = {0.1 + 0.2, 1.0 / 3.0};
    const Drawing again = StrokeFile::parse(StrokeFile::toJsonLine(d), "again").front();
    EXPECT_EQ(again.strokes[0].points, d.strokes[0].points);
    EXPECT_EQ(again.label, 7);
    EXPECT_EQ(again.writer, "w03");
    EXPECT_EQ(again.penWidth, d.penWidth);
}

// A digit with no strokes (an MNIST digit or a dream taught from the canvas) is kept as the
// 28 x 28 image the network read.
std::string imageLine(int label, const std::string& values) {
    return R"({"width":28,"height":28,"pen_width":1,"label":)" + std::to_string(label) +
           R"(,"image":[)" + values + "]}";
}
std::string gradient() {
    std::string values;
    for (int i = 0; i < 784; ++i) values += (i ? "," : "") + std::to_string(i % 256);
    return values;
}

TEST(StrokeFile, AnImageDrawingRoundTripsAndIsReadAsTheNetworkSawIt) {
    const Drawing d = StrokeFile::parse(imageLine(3, gradient()), "x").front();
    ASSERT_TRUE(d.isImage());
    EXPECT_FALSE(d.isEmpty());
    EXPECT_TRUE(d.strokes.empty());
    ASSERT_EQ(d.image.size(), 784u);
    EXPECT_EQ(d.image[300], 300 % 256);
    EXPECT_EQ(d.label, 3);
    const Drawing again = StrokeFile::parse(StrokeFile::toJsonLine(d), "again").front();
    EXPECT_EQ(again.image, d.image);
    EXPECT_EQ(again.label, 3);
    EXPECT_EQ(StrokeFile::toJsonLine(again), StrokeFile::toJsonLine(d));
}

TEST(StrokeFile, ABadImageIsRefusedWithTheLine) {
    const std::string good = std::string(kSeven) + "\n";
    const std::string tooFew = "1,2,3";
    std::string outOfRange = gradient();
    outOfRange.replace(0, 1, "256");
    std::string fraction = gradient();
    fraction.replace(0, 1, "0.5");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {imageLine(1, tooFew), "784 gray levels"},
        {imageLine(1, outOfRange), "0 to 255"},
        {imageLine(1, fraction), "0 to 255"},
        {R"({"width":400,"height":400,"pen_width":1,"image":[]})", "28 x 28 canvas"},
        {R"({"width":28,"height":28,"pen_width":1,"image":[1],"strokes":[[[1,1]]]})", "not both"},
    };
    for (const auto& [line, problem] : cases) {
        const std::string error = errorOf(good + line + "\n");
        EXPECT_EQ(error.rfind("set.jsonl: line 2: ", 0), 0u) << error;
        EXPECT_NE(error.find(problem), std::string::npos) << error;
    }
}

TEST(StrokeFile, ReadsGzipCompressedAndPlainFiles) {
    const auto dir = std::filesystem::temp_directory_path() / "digitscope_stroke_file_test";
    std::filesystem::create_directories(dir);
    const std::string text = std::string(kSeven) + "\n" + kSeven + "\n";
    const auto plain = (dir / "set.jsonl").string(), packed = (dir / "set.jsonl.gz").string();
    std::ofstream(plain) << text;
    gzFile out = gzopen(packed.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
    gzclose(out);
    EXPECT_EQ(StrokeFile::read(plain).size(), 2u);
    EXPECT_EQ(StrokeFile::read(packed).size(), 2u);
    EXPECT_THROW(StrokeFile::read((dir / "missing.jsonl").string()), FileError);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace digitscope::core
