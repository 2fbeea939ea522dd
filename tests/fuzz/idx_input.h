#pragma once

// One idx_fuzz input. Mode byte bit 0 set: the rest is gzip-compressed before it is read, so
// the compressed path sees well-formed gzip streams of fuzzed IDX contents (mutating
// compressed bytes directly mostly yields CRC errors). Otherwise the rest is the file as is
// (raw IDX, or gzip bytes from the seeds).

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "core/base/errors.h"
#include "core/data/idx_reader.h"
#include "fuzz/fuzz_input.h"

namespace digitscope::fuzz {

inline std::vector<std::uint8_t> gzipCompress(std::span<const std::uint8_t> bytes) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip wrapper rather than zlib's.
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 32);
    stream.next_in = const_cast<Bytef*>(bytes.data());
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
}

inline Outcome checkIdxInput(std::span<const std::uint8_t> input) {
    const ModedInput moded = splitMode(input);
    std::vector<std::uint8_t> compressed;
    std::span<const std::uint8_t> file = moded.bytes;
    if (moded.mode & 1) {
        compressed = gzipCompress(moded.bytes);
        file = compressed;
    }
    const MemoryFile memory(file);
    core::IdxArray array;
    try {
        array = core::IdxReader::read(memory.path());
    } catch (const core::FileError&) {
        return Outcome::Refused;
    }
    require(!array.dimensions.empty() && array.dimensions.size() <= 3, "rank outside 1 to 3");
    std::uint64_t total = 1;
    for (std::uint32_t size : array.dimensions) total *= size;
    require(total == array.data.size(), "data size differs from the header's dimensions");
    // What was read is the file's content (inflated, if we compressed it): header, then data.
    const bool ownGzip = (moded.mode & 1) != 0;
    const bool seedGzip = !ownGzip && file.size() >= 2 && file[0] == 0x1f && file[1] == 0x8b;
    if (!seedGzip) {
        const std::span<const std::uint8_t> content = ownGzip ? moded.bytes : file;
        const std::size_t header = 4 + 4 * array.dimensions.size();
        require(content.size() == header + array.data.size(),
                "accepted a file whose size is not header + data");
        for (std::size_t d = 0; d < array.dimensions.size(); ++d) {
            const std::uint8_t* at = content.data() + 4 + 4 * d;
            require(
                array.dimensions[d] == (std::uint32_t{at[0]} << 24 | std::uint32_t{at[1]} << 16 |
                                        std::uint32_t{at[2]} << 8 | std::uint32_t{at[3]}),
                "dimension differs from the header");
        }
        require(std::equal(array.data.begin(), array.data.end(), content.begin() + header),
                "data differs from the file's bytes");
    }
    return Outcome::Accepted;
}

}  // namespace digitscope::fuzz
