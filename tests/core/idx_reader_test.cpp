#include "core/data/idx_reader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>
#include <string>

#include "core/base/errors.h"
#include "tests/core/test_data.h"

// GCC sees the replaced new and delete inlined into the same function and wrongly reports
// malloc/free as mismatched with new/delete.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// The largest single operator-new request while tracking is on, to show that an absurd header
// is refused before anything of its claimed size is allocated. Sanitizers bring their own
// operator new (ThreadSanitizer's cannot be replaced); there the count is off, and ASan itself
// aborts on an absurd allocation.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DIGITSCOPE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define DIGITSCOPE_SANITIZED 1
#endif
#endif
namespace {
#ifdef DIGITSCOPE_SANITIZED
constexpr bool kCountsAllocations = false;
#else
constexpr bool kCountsAllocations = true;
#endif
std::atomic<bool> g_tracking{false};
std::atomic<std::size_t> g_largestAllocation{0};
}  // namespace

#ifndef DIGITSCOPE_SANITIZED
void* operator new(std::size_t size) {
    if (g_tracking.load(std::memory_order_relaxed)) {
        std::size_t seen = g_largestAllocation.load(std::memory_order_relaxed);
        while (size > seen && !g_largestAllocation.compare_exchange_weak(seen, size)) {
        }
    }
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return ::operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    ::operator delete(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    ::operator delete(p);
}
#endif

namespace digitscope::core {
namespace {

using testing::Bytes;
using testing::gzip;
using testing::idxBytes;
using testing::TempDir;
using testing::writeBytes;

Bytes counting(std::size_t size) {
    Bytes data(size);
    for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return data;
}

// read() must throw FileError whose message names the file and contains `problem`.
void expectRefused(const std::filesystem::path& path, const std::string& problem) {
    SCOPED_TRACE(path.filename().string() + ", expecting '" + problem + "'");
    try {
        IdxReader::read(path);
        ADD_FAILURE() << "accepted";
    } catch (const FileError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_NE(message.find(problem), std::string::npos) << message;
    }
}

TEST(IdxReader, RoundTripsRawImages) {
    TempDir dir;
    const Bytes data = counting(3 * 4 * 5);
    writeBytes(dir / "images", idxBytes({3, 4, 5}, data));
    const IdxArray array = IdxReader::read(dir / "images");
    EXPECT_EQ(array.dimensions, (std::vector<std::uint32_t>{3, 4, 5}));
    EXPECT_EQ(array.data, data);
}

TEST(IdxReader, RoundTripsGzipWhateverTheName) {
    TempDir dir;
    const Bytes data = counting(2 * 28 * 28);
    const Bytes compressed = gzip(idxBytes({2, 28, 28}, data));
    ASSERT_EQ(compressed[0], 0x1f);
    writeBytes(dir / "images.gz", compressed);
    writeBytes(dir / "no-suffix", compressed);  // detected by its first bytes, not its name
    for (const char* name : {"images.gz", "no-suffix"}) {
        const IdxArray array = IdxReader::read(dir / name);
        EXPECT_EQ(array.dimensions, (std::vector<std::uint32_t>{2, 28, 28})) << name;
        EXPECT_EQ(array.data, data) << name;
    }
}

TEST(IdxReader, RoundTripsLabelsAndTwoDimensions) {
    TempDir dir;
    writeBytes(dir / "labels", idxBytes({6}, {0, 1, 2, 9, 9, 4}));
    EXPECT_EQ(IdxReader::read(dir / "labels").data, (Bytes{0, 1, 2, 9, 9, 4}));
    writeBytes(dir / "matrix", gzip(idxBytes({2, 3}, {1, 2, 3, 4, 5, 6})));
    const IdxArray matrix = IdxReader::read(dir / "matrix");
    EXPECT_EQ(matrix.dimensions, (std::vector<std::uint32_t>{2, 3}));
    EXPECT_EQ(matrix.data, (Bytes{1, 2, 3, 4, 5, 6}));
}

TEST(IdxReader, RefusesAMissingFileOrAFolder) {
    TempDir dir;
    expectRefused(dir / "absent", "no such file");
    expectRefused(dir.path(), "not a regular file");
}

TEST(IdxReader, RefusesWrongMagic) {
    TempDir dir;
    Bytes bytes = idxBytes({2, 2, 2}, counting(8));
    bytes[0] = 0x01;
    writeBytes(dir / "magic0", bytes);
    expectRefused(dir / "magic0", "wrong magic number");
    bytes = idxBytes({2, 2, 2}, counting(8));
    bytes[1] = 0xff;
    writeBytes(dir / "magic1", bytes);
    expectRefused(dir / "magic1", "wrong magic number");
    writeBytes(dir / "png", {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0});
    expectRefused(dir / "png", "wrong magic number");
}

TEST(IdxReader, RefusesUnsupportedTypesAndRanks) {
    TempDir dir;
    writeBytes(dir / "float", idxBytes({2}, counting(8), 0x0D));
    expectRefused(dir / "float", "IDX data type 13 is not supported");
    writeBytes(dir / "signed", idxBytes({2}, counting(2), 0x09));
    expectRefused(dir / "signed", "IDX data type 9 is not supported");
    writeBytes(dir / "rank0", idxBytes({}, {}));
    expectRefused(dir / "rank0", "0 dimensions are not supported");
    writeBytes(dir / "rank4", idxBytes({1, 2, 2, 2}, counting(8)));
    expectRefused(dir / "rank4", "4 dimensions are not supported");
}

TEST(IdxReader, RefusesImagesOfZeroSize) {
    TempDir dir;
    writeBytes(dir / "empty-rows", idxBytes({3, 0, 28}, {}));
    expectRefused(dir / "empty-rows", "images of zero size");
    writeBytes(dir / "empty-cols", idxBytes({3, 28, 0}, {}));
    expectRefused(dir / "empty-cols", "images of zero size");
}

TEST(IdxReader, RefusesTruncationAtEveryKindOfPosition) {
    TempDir dir;
    const Bytes whole = idxBytes({4, 5, 6}, counting(4 * 5 * 6));  // 16-byte header + 120
    // In the magic, in the dimensions, right after the header, in the data, one byte short.
    const std::vector<std::pair<std::size_t, std::string>> cuts{
        {0, "truncated header"},        {2, "truncated header"}, {7, "truncated header"},
        {15, "truncated header"},       {16, "holds 0"},         {16 + 50, "holds 50"},
        {whole.size() - 1, "holds 119"}};
    for (const auto& [length, problem] : cuts) {
        const Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(length));
        const auto path = dir / ("raw-cut-" + std::to_string(length));
        writeBytes(path, cut);
        expectRefused(path, length == 0 ? "truncated" : problem);
    }
}

TEST(IdxReader, RefusesTruncatedContentInsideAValidGzipStream) {
    TempDir dir;
    const Bytes whole = idxBytes({4, 5, 6}, counting(4 * 5 * 6));
    for (std::size_t length :
         {std::size_t{3}, std::size_t{10}, std::size_t{16 + 60}, whole.size() - 1}) {
        const Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(length));
        const auto path = dir / ("gz-content-cut-" + std::to_string(length));
        writeBytes(path, gzip(cut));
        expectRefused(path, length < 16 ? "truncated header" : "truncated data");
    }
}

TEST(IdxReader, RefusesATruncatedGzipFile) {
    TempDir dir;
    const Bytes compressed = gzip(idxBytes({4, 5, 6}, counting(4 * 5 * 6)));
    for (std::size_t length : {std::size_t{12}, compressed.size() / 2, compressed.size() - 9,
                               compressed.size() - 4, compressed.size() - 1}) {
        const Bytes cut(compressed.begin(),
                        compressed.begin() + static_cast<std::ptrdiff_t>(length));
        const auto path = dir / ("gz-cut-" + std::to_string(length));
        writeBytes(path, cut);
        SCOPED_TRACE(length);
        expectRefused(path, "unexpected end of file");
    }
}

TEST(IdxReader, RefusesCorruptGzipAsCorrupt) {
    TempDir dir;
    const Bytes compressed = gzip(idxBytes({8, 10, 10}, counting(8 * 10 * 10)));
    // Flip bytes in the deflate stream and in the CRC-32 / length trailer (not the 10-byte
    // header, whose time stamp and OS byte nobody checks).
    int checked = 0;
    for (std::size_t at = 10; at < compressed.size(); at += 3) {
        Bytes bad = compressed;
        bad[at] ^= 0x5a;
        const auto path = dir / ("flip-" + std::to_string(at));
        writeBytes(path, bad);
        SCOPED_TRACE("byte " + std::to_string(at));
        try {
            IdxReader::read(path);
            ADD_FAILURE() << "accepted a corrupt gzip file";
        } catch (const FileError& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find(path.string()), std::string::npos) << message;
            ++checked;
        }
    }
    EXPECT_GT(checked, 10);
    // The trailer's CRC is what catches a flipped byte that still inflates to the right length.
    Bytes badCrc = compressed;
    badCrc[compressed.size() - 8] ^= 0xff;
    writeBytes(dir / "bad-crc", badCrc);
    expectRefused(dir / "bad-crc", "corrupt gzip data");
}

TEST(IdxReader, RefusesTrailingBytes) {
    TempDir dir;
    Bytes bytes = idxBytes({2, 3, 3}, counting(18));
    bytes.push_back(0);
    writeBytes(dir / "raw-trailing", bytes);
    expectRefused(dir / "raw-trailing", "header claims 18 bytes of data but the file holds 19");
    writeBytes(dir / "gz-trailing", gzip(bytes));
    expectRefused(dir / "gz-trailing", "data continues past the size in the header");
}

// A 16-byte file claiming 2^32 - 1 images of 28 x 28: refused at once, allocating nothing
// like its claimed size.
TEST(IdxReader, RefusesAbsurdHeadersBeforeAllocating) {
    TempDir dir;
    struct Claim {
        std::string name;
        Bytes bytes;
        std::string problem;
    };
    const std::vector<Claim> claims{
        {"billions", idxBytes({0xffffffffu, 28, 28}, {}), "absurd dimensions"},
        {"huge-rows", idxBytes({1, 0xffffffffu, 0xffffffffu}, {}), "absurd dimensions"},
        {"huge-1d", idxBytes({0xffffffffu}, {}), "absurd dimensions"},
        // Plausible in total, but far more than the file holds.
        {"raw-60000", idxBytes({60000, 28, 28}, {}), "header claims 47040000 bytes"},
        {"gz-million", gzip(idxBytes({1000000, 28, 28}, {})), "more data than the compressed"},
        {"gz-billions", gzip(idxBytes({0xffffffffu, 28, 28}, {})), "absurd dimensions"},
    };
    for (const Claim& claim : claims) {
        writeBytes(dir / claim.name, claim.bytes);
        g_largestAllocation = 0;
        g_tracking = true;
        const auto start = std::chrono::steady_clock::now();
        expectRefused(dir / claim.name, claim.problem);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        g_tracking = false;
        if (kCountsAllocations) {
            EXPECT_LT(g_largestAllocation.load(), std::size_t{1} << 20) << claim.name;
        }
        EXPECT_LT(seconds, 0.5) << claim.name;
    }
    EXPECT_EQ(std::filesystem::file_size(dir / "billions"), 16u);

    // The tracker does see the reader's allocation of an honest 2 MB file.
    writeBytes(dir / "honest", idxBytes({2, 1000, 1000}, Bytes(2000000, 1)));
    g_largestAllocation = 0;
    g_tracking = true;
    const IdxArray honest = IdxReader::read(dir / "honest");
    g_tracking = false;
    if (kCountsAllocations) {
        EXPECT_GE(g_largestAllocation.load(), std::size_t{2000000});
    }
}

TEST(IdxReader, ReadsAPairIntoADataset) {
    TempDir dir;
    const Bytes pixels = counting(3 * 2 * 4);
    writeBytes(dir / "images", idxBytes({3, 2, 4}, pixels));
    writeBytes(dir / "labels", gzip(idxBytes({3}, {7, 0, 9})));
    const Dataset data = IdxReader::readPair(dir / "images", dir / "labels");
    EXPECT_EQ(data.count, 3);
    EXPECT_EQ(data.rows, 2);
    EXPECT_EQ(data.cols, 4);
    EXPECT_EQ(data.featureSize(), 8);
    EXPECT_EQ(data.pixels, pixels);
    EXPECT_EQ(data.labels, (Bytes{7, 0, 9}));
    EXPECT_EQ(data.image(2)[0], pixels[16]);
    EXPECT_EQ(data.name, dir.path().string());
}

TEST(IdxReader, PairRefusesCountMismatch) {
    TempDir dir;
    writeBytes(dir / "images", idxBytes({5, 2, 2}, counting(20)));
    writeBytes(dir / "labels", idxBytes({4}, {1, 2, 3, 4}));
    try {
        IdxReader::readPair(dir / "images", dir / "labels");
        ADD_FAILURE();
    } catch (const FileError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find((dir / "labels").string() + ": holds 4 labels but"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("holds 5 images"), std::string::npos) << message;
    }
}

TEST(IdxReader, PairRefusesLabelsAboveNine) {
    TempDir dir;
    writeBytes(dir / "images", idxBytes({4, 2, 2}, counting(16)));
    writeBytes(dir / "labels", idxBytes({4}, {1, 9, 0, 10}));
    try {
        IdxReader::readPair(dir / "images", dir / "labels");
        ADD_FAILURE();
    } catch (const FileError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find((dir / "labels").string()), std::string::npos) << message;
        EXPECT_NE(message.find("label 10 at index 3 is not a digit class 0-9"), std::string::npos)
            << message;
    }
}

TEST(IdxReader, PairRefusesSwappedFiles) {
    TempDir dir;
    writeBytes(dir / "images", idxBytes({2, 2, 2}, counting(8)));
    writeBytes(dir / "labels", idxBytes({2}, {1, 2}));
    try {
        IdxReader::readPair(dir / "labels", dir / "images");
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("expected images (3 dimensions), found 1"),
                  std::string::npos)
            << error.what();
    }
    writeBytes(dir / "labels2d", idxBytes({2, 1}, {1, 2}));
    try {
        IdxReader::readPair(dir / "images", dir / "labels2d");
        ADD_FAILURE();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("expected labels (1 dimension), found 2"),
                  std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace digitscope::core
