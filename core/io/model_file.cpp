#include "core/io/model_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

static_assert(std::endian::native == std::endian::little, "model files are little-endian");

constexpr std::string_view kMagic = "digitscope-model";

bool validText(std::string_view text) {
    return !text.empty() && text.find('\n') == std::string_view::npos &&
           text.find('\r') == std::string_view::npos;
}

// The shortest text that std::from_chars reads back as exactly `value` ("0.1307").
std::string exactFloat(float value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

// "MEAN STD" of a normalize line; throws ConfigError.
InputNormalization parseNormalization(std::string_view text) {
    InputNormalization n;
    const std::size_t space = text.find(' ');
    const auto parse = [&](std::string_view part, float& value) {
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        return !part.empty() && ec == std::errc() && ptr == part.data() + part.size();
    };
    if (space == std::string_view::npos || !parse(text.substr(0, space), n.mean) ||
        !parse(text.substr(space + 1), n.stdDev))
        throw ConfigError("normalize line '" + std::string(text) + "' is not 'normalize MEAN STD'");
    n.validate();
    return n;
}

std::uint32_t crc(std::string_view bytes) {
    uLong value = crc32(0L, Z_NULL, 0);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(bytes.size() - done, 1u << 30));
        value = crc32(value, reinterpret_cast<const Bytef*>(bytes.data() + done), chunk);
        done += chunk;
    }
    return static_cast<std::uint32_t>(value);
}

}  // namespace

std::string ModelFile::serialize(const Network& network,
                                 const std::map<std::string, std::string>& metadata) {
    const auto parameters = network.parameters();
    const std::string_view data(reinterpret_cast<const char*>(parameters.data()),
                                parameters.size() * sizeof(float));
    for (float value : parameters)
        if (!std::isfinite(value))
            throw ConfigError("the network has NaN or infinite weights; it was not saved");
    std::ostringstream out;
    const Architecture& arch = network.architecture();
    char checksum[16];
    std::snprintf(checksum, sizeof checksum, "%08x", crc(data));
    out << kMagic << ' ' << (arch.normalization ? 2 : 1) << '\n'
        << "architecture " << arch.sizesString() << '\n'
        << "activation " << toString(arch.hidden) << '\n'
        << "loss " << toString(arch.loss) << '\n';
    if (arch.normalization)
        out << "normalize " << exactFloat(arch.normalization->mean) << ' '
            << exactFloat(arch.normalization->stdDev) << '\n';
    out << "parameters " << parameters.size() << '\n' << "crc32 " << checksum << '\n';
    for (const auto& [key, value] : metadata) {
        if (!validText(key) || key.find(' ') != std::string::npos || !validText(value))
            throw ConfigError("model metadata '" + key + "' must be one word and one line");
        out << "meta " << key << ' ' << value << '\n';
    }
    out << "data\n";
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    return std::move(out).str();
}

void writeFileAtomically(const std::filesystem::path& path, std::string_view contents) {
    const std::string target = path.string();
    std::random_device entropy;
    const std::string temporary = target + ".tmp-" + std::to_string(entropy());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw FileError(target, std::string("cannot write: ") + std::strerror(errno));
    std::size_t written = 0;
    int error = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = n < 0 ? errno : ENOSPC;
            break;
        }
        written += static_cast<std::size_t>(n);
    }
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error == 0 && std::rename(temporary.c_str(), target.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temporary.c_str());
        throw FileError(target, std::string("could not be saved: ") + std::strerror(error) +
                                    " (the previous file, if any, is unchanged)");
    }
}

void ModelFile::save(const std::filesystem::path& path, const Network& network,
                     const std::map<std::string, std::string>& metadata) {
    writeFileAtomically(path, serialize(network, metadata));
}

std::string readWholeFile(const std::filesystem::path& path, std::uintmax_t maxBytes,
                          const std::string& what) {
    const std::string name = path.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw FileError(name,
                        std::filesystem::exists(path, ec) ? "not a regular file" : "no such file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > maxBytes) throw FileError(name, "too large to be " + what);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(name, "cannot open for reading");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size)) throw FileError(name, "read failed");
    return bytes;
}

Model ModelFile::load(const std::filesystem::path& path) {
    constexpr std::uintmax_t kMaxFile = kMaxHeaderBytes + sizeof(float) * (std::uintmax_t{1} << 28);
    return parse(readWholeFile(path, kMaxFile, "a model file"), path.string());
}

Model ModelFile::parse(std::string_view bytes, const std::string& source) {
    auto fail = [&](const std::string& problem) { return FileError(source, problem); };
    std::map<std::string, std::string> header;
    std::map<std::string, std::string> metadata;
    std::size_t pos = 0;
    int lineNumber = 0;
    bool sawData = false;
    while (pos < bytes.size() && pos < kMaxHeaderBytes) {
        const std::size_t end = bytes.find('\n', pos);
        if (end == std::string_view::npos) break;
        const std::string_view line = bytes.substr(pos, end - pos);
        pos = end + 1;
        ++lineNumber;
        if (lineNumber == 1) {
            if (line.substr(0, kMagic.size()) != kMagic || line.size() <= kMagic.size() + 1 ||
                line[kMagic.size()] != ' ')
                throw fail("not a digitscope model file (wrong magic)");
            const std::string_view version = line.substr(kMagic.size() + 1);
            if (version != "1" && version != std::to_string(kVersion))
                throw fail("model file version " + std::string(version) +
                           " is not supported (this build reads version " +
                           std::to_string(kVersion) + ")");
            continue;
        }
        if (line == "data") {
            sawData = true;
            break;
        }
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0)
            throw fail("malformed header line " + std::to_string(lineNumber));
        const std::string key(line.substr(0, space));
        const std::string value(line.substr(space + 1));
        if (key == "meta") {
            const std::size_t split = value.find(' ');
            // The same rule as saving: a model that loads can always be saved again.
            if (split == std::string::npos || !validText(value.substr(0, split)) ||
                !validText(value.substr(split + 1)))
                throw fail("malformed meta line " + std::to_string(lineNumber) +
                           " (expected 'meta <key> <value>')");
            metadata[value.substr(0, split)] = value.substr(split + 1);
        } else if (!header.emplace(key, value).second) {
            throw fail("header key '" + key + "' appears twice");
        }
    }
    if (lineNumber == 0)
        throw fail(bytes.empty() ? "empty file" : "not a digitscope model file (wrong magic)");
    if (!sawData) throw fail("header is truncated or too long (no 'data' line)");
    for (const char* key : {"architecture", "activation", "loss", "parameters", "crc32"})
        if (!header.contains(key)) throw fail(std::string("header has no '") + key + "'");

    Architecture arch;
    try {
        arch.sizes = Architecture::parseSizes(header["architecture"]);
        arch.hidden = parseActivation(header["activation"]);
        arch.loss = parseLoss(header["loss"]);
        if (header.contains("normalize"))
            arch.normalization = parseNormalization(header["normalize"]);
        arch.validate();
    } catch (const ConfigError& error) {
        throw fail(error.what());
    }
    const std::string count = std::to_string(arch.parameterCount());
    if (header["parameters"] != count)
        throw fail("architecture " + arch.sizesString() + " needs " + count +
                   " parameters but the header says " + header["parameters"]);
    const std::string_view data = bytes.substr(pos);
    const std::size_t expected = static_cast<std::size_t>(arch.parameterCount()) * sizeof(float);
    if (data.size() != expected)
        throw fail("weights are " + std::to_string(data.size()) + " bytes, expected " +
                   std::to_string(expected) + (data.size() < expected ? " (truncated)" : ""));
    char checksum[16];
    std::snprintf(checksum, sizeof checksum, "%08x", crc(data));
    if (header["crc32"] != checksum) throw fail("checksum mismatch: the weights are corrupt");

    std::vector<float> parameters(static_cast<std::size_t>(arch.parameterCount()));
    std::memcpy(parameters.data(), data.data(), expected);
    for (std::size_t i = 0; i < parameters.size(); ++i)
        if (!std::isfinite(parameters[i]))
            throw fail("weight " + std::to_string(i) + " is NaN or infinite");
    Model model{Network(arch, 0), std::move(metadata)};
    model.network.setParameters(parameters);
    return model;
}

}  // namespace digitscope::core
