#pragma once

// What the fuzz targets share with the replay tests (tests/core/fuzz_regression_test.cpp,
// tests/ui/fuzz_regression_test.cpp): the outcome of one input and the way a broken promise is
// reported. A file the reader refuses is fine; an invariant that fails, an exception of any
// other type, a crash or a sanitizer report is a bug.

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

namespace digitscope::fuzz {

enum class Outcome { Accepted, Refused };

// A promise of the reader that does not hold (never derived from core::FileError).
class InvariantViolation : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

inline void require(bool condition, const char* what) {
    if (!condition) throw InvariantViolation(what);
}

// The first byte of an idx or model input chooses how the rest is turned into a file; an
// empty input is an empty file.
struct ModedInput {
    std::uint8_t mode = 0;
    std::span<const std::uint8_t> bytes;
};

inline ModedInput splitMode(std::span<const std::uint8_t> input) {
    if (input.empty()) return {};
    return {input[0], input.subspan(1)};
}

// An anonymous in-memory file reachable by path (/proc/self/fd/N), so the readers' own
// path-based code (stat, gzopen, ...) runs unchanged without touching the disk.
class MemoryFile {
public:
    explicit MemoryFile(std::span<const std::uint8_t> bytes)
        : m_fd(::memfd_create("digitscope-fuzz", MFD_CLOEXEC)) {
        if (m_fd < 0) throw std::runtime_error("memfd_create failed");
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
            if (n <= 0) {
                ::close(m_fd);
                throw std::runtime_error("writing the in-memory file failed");
            }
            done += static_cast<std::size_t>(n);
        }
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    ~MemoryFile() { ::close(m_fd); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    const std::string& path() const { return m_path; }

private:
    int m_fd;
    std::string m_path;
};

}  // namespace digitscope::fuzz
