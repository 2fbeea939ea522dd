#include "core/data/idx_reader.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <memory>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
// Deflate cannot expand data by more than about 1032:1, so a gzip file's compressed size
// bounds what it can honestly claim.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

struct GzCloser {
    void operator()(gzFile file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

std::string gzProblem(gzFile file) {
    int code = 0;
    const char* message = gzerror(file, &code);
    return code == Z_OK || code == Z_STREAM_END
               ? "unexpected end of file"
               : std::string("corrupt gzip data (") + message + ")";
}

// Reads exactly `size` bytes or throws: truncated file or corrupt compressed data.
void readExactly(gzFile file, const std::filesystem::path& path, std::uint8_t* out,
                 std::uint64_t size, const char* what) {
    while (size > 0) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::uint64_t>(size, 1u << 30));
        const int got = gzread(file, out, chunk);
        if (got <= 0) {
            const std::string problem = gzProblem(file);
            throw FileError(path.string(), problem == "unexpected end of file"
                                               ? std::string("truncated ") + what
                                               : problem);
        }
        out += got;
        size -= static_cast<std::uint64_t>(got);
    }
}

std::uint32_t bigEndian(const std::uint8_t* bytes) {
    return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 |
           std::uint32_t{bytes[2]} << 8 | std::uint32_t{bytes[3]};
}

}  // namespace

IdxArray IdxReader::read(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw FileError(name,
                        std::filesystem::exists(path, ec) ? "not a regular file" : "no such file");
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw FileError(name, "cannot read its size: " + ec.message());

    GzHandle file(gzopen(name.c_str(), "rb"));
    if (!file) throw FileError(name, "cannot open for reading");
    gzbuffer(file.get(), 1 << 16);

    std::array<std::uint8_t, 4> magic{};
    readExactly(file.get(), path, magic.data(), magic.size(), "header");
    if (magic[0] != 0 || magic[1] != 0)
        throw FileError(name, "not an IDX file (wrong magic number)");
    if (magic[2] != kUnsignedByte)
        throw FileError(name, "IDX data type " + std::to_string(magic[2]) +
                                  " is not supported (only unsigned bytes)");
    const int rank = magic[3];
    if (rank < 1 || rank > 3)
        throw FileError(name, "IDX files with " + std::to_string(rank) +
                                  " dimensions are not supported (1 to 3)");

    IdxArray array;
    std::array<std::uint8_t, 12> dims{};
    readExactly(file.get(), path, dims.data(), static_cast<std::uint64_t>(rank) * 4, "header");
    std::uint64_t total = 1;
    for (int d = 0; d < rank; ++d) {
        const std::uint32_t size = bigEndian(dims.data() + 4 * d);
        array.dimensions.push_back(size);
        total *= size;
        if (total > kMaxBytes)
            throw FileError(name, "header claims more than " + std::to_string(kMaxBytes >> 20) +
                                      " MiB of data (absurd dimensions)");
    }
    if (rank >= 2 && (array.dimensions[1] == 0 || array.dimensions.back() == 0))
        throw FileError(name, "images of zero size");

    const std::uint64_t headerSize = 4 + 4 * static_cast<std::uint64_t>(rank);
    const bool compressed = gzdirect(file.get()) == 0;
    if (!compressed && fileSize != headerSize + total)
        throw FileError(
            name, "header claims " + std::to_string(total) + " bytes of data but the file holds " +
                      std::to_string(fileSize >= headerSize ? fileSize - headerSize : 0));
    if (compressed && total > fileSize * kMaxDeflateRatio)
        throw FileError(name, "header claims more data than the compressed file can hold");

    array.data.resize(total);
    readExactly(file.get(), path, array.data.data(), total, "data");
    std::uint8_t extra = 0;
    if (gzread(file.get(), &extra, 1) != 0)
        throw FileError(name, compressed ? "data continues past the size in the header"
                                         : "trailing bytes after the data");
    int code = Z_OK;
    gzerror(file.get(), &code);
    if (code != Z_OK && code != Z_STREAM_END) throw FileError(name, gzProblem(file.get()));
    return array;
}

Dataset IdxReader::readPair(const std::filesystem::path& images,
                            const std::filesystem::path& labels) {
    IdxArray pixels = read(images);
    IdxArray classes = read(labels);
    if (pixels.dimensions.size() != 3)
        throw FileError(images.string(), "expected images (3 dimensions), found " +
                                             std::to_string(pixels.dimensions.size()));
    if (classes.dimensions.size() != 1)
        throw FileError(labels.string(), "expected labels (1 dimension), found " +
                                             std::to_string(classes.dimensions.size()));
    if (pixels.dimensions[0] != classes.dimensions[0])
        throw FileError(labels.string(), "holds " + std::to_string(classes.dimensions[0]) +
                                             " labels but " + images.string() + " holds " +
                                             std::to_string(pixels.dimensions[0]) + " images");
    const auto bad = std::find_if(classes.data.begin(), classes.data.end(),
                                  [](std::uint8_t label) { return label > 9; });
    if (bad != classes.data.end())
        throw FileError(labels.string(), "label " + std::to_string(*bad) + " at index " +
                                             std::to_string(bad - classes.data.begin()) +
                                             " is not a digit class 0-9");
    Dataset data;
    data.name = images.parent_path().string();
    data.count = pixels.dimensions[0];
    data.rows = static_cast<int>(pixels.dimensions[1]);
    data.cols = static_cast<int>(pixels.dimensions[2]);
    data.pixels = std::move(pixels.data);
    data.labels = std::move(classes.data);
    return data;
}

std::filesystem::path IdxReader::locate(const std::filesystem::path& folder,
                                        const std::string& stem) {
    std::error_code ec;
    for (const char* suffix : {"", ".gz"}) {
        std::filesystem::path candidate = folder / (stem + suffix);
        if (std::filesystem::exists(candidate, ec)) return candidate;
    }
    throw FileError(folder.string(), "has no " + stem + " (nor " + stem + ".gz)");
}

DatasetPair IdxReader::readFolder(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw FileError(folder.string(), "is not a folder of IDX files");
    DatasetPair pair;
    pair.train = readTrainSet(folder);
    pair.test = readTestSet(folder);
    if (pair.train.rows != pair.test.rows || pair.train.cols != pair.test.cols)
        throw FileError(folder.string(), "training and test images differ in size");
    pair.train.name = pair.test.name = folder.string();
    return pair;
}

Dataset IdxReader::readTrainSet(const std::filesystem::path& folder) {
    return readPair(locate(folder, MnistFiles::kTrainImages),
                    locate(folder, MnistFiles::kTrainLabels));
}

Dataset IdxReader::readTestSet(const std::filesystem::path& folder) {
    return readPair(locate(folder, MnistFiles::kTestImages),
                    locate(folder, MnistFiles::kTestLabels));
}

void IdxReader::requireMnistFiles(const std::filesystem::path& folder) {
    for (const char* name : MnistFiles::kAll) locate(folder, name);
}

}  // namespace digitscope::core
