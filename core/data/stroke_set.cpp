#include "core/data/stroke_set.h"

#include "core/data/stroke_file.h"

namespace digitscope::core {

StrokeSet StrokeSet::read(const std::string& path) {
    StrokeSet set;
    set.name = path;
    set.drawings = StrokeFile::read(path, StrokeFile::Options{.requireLabels = true});
    return set;
}

}  // namespace digitscope::core
