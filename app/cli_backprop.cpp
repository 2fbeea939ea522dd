#include "app/cli_backprop.h"

#include <ostream>
#include <sstream>
#include <string>

#include "core/data/stroke_file.h"
#include "core/explain/backprop.h"
#include "core/input/pen.h"
#include "core/nn/compute_threads.h"
#include "session/models/bundled_models.h"

namespace digitscope::app {
namespace {

void writeValues(std::ostream& out, const char* key, const Eigen::VectorXf& values) {
    out << '"' << key << "\":[";
    for (Eigen::Index i = 0; i < values.size(); ++i) out << (i ? "," : "") << jsonNumber(values(i));
    out << ']';
}

}  // namespace

int backpropCommand(const QCommandLineParser& parser, std::ostream& out) {
    if (!parser.isSet("strokes")) throw CliUsageError("backprop needs --strokes FILE");
    int label = -1;
    if (parser.isSet("label")) label = static_cast<int>(parseInteger(parser, "label", 0, 9));
    core::setComputeThreads(1);  // one drawing at a time, as predict
    const core::Model model = loadModelNamed(
        parser.isSet("model") ? parser.value("model") : ui::BundledModels::defaultName());
    const core::Architecture& arch = model.network.architecture();
    const std::string path = parser.value("strokes").toStdString();
    if (arch.inputSize() != 784 || arch.outputSize() != 10)
        throw core::FileError(parser.value("model").toStdString(),
                              "the model does not take 28 x 28 inputs to 10 digits");
    const std::vector<core::Drawing> drawings = core::StrokeFile::read(path);
    std::ostringstream buffer;  // all or nothing, as predict
    for (std::size_t line = 0; line < drawings.size(); ++line) {
        const core::Drawing& drawing = drawings[line];
        const int digit = label >= 0 ? label : drawing.label;
        if (digit < 0)
            throw core::FileError(path, "line " + std::to_string(line + 1) +
                                            " has no \"label\"; give --label D for every drawing");
        const core::BackpropExplanation e =
            core::explainBackprop(model.network, core::networkInput(drawing), digit);
        buffer << "{\"label\":" << digit << ",\"loss\":\"" << core::toString(arch.loss)
               << "\",\"cost\":" << jsonNumber(e.cost) << ',';
        writeValues(buffer, "cost_terms", e.costTerms);
        buffer << ',';
        writeValues(buffer, "probabilities", e.outputs());
        buffer << ",\"layers\":[";
        for (std::size_t l = 0; l < e.layers.size(); ++l) {
            const core::LayerBackprop& layer = e.layers[l];
            buffer << (l ? "," : "") << '{';
            writeValues(buffer, "a", layer.a);
            buffer << ',';
            writeValues(buffer, "dC_da", layer.dC_da);
            buffer << ',';
            writeValues(buffer, "dC_dz", layer.dC_dz);
            buffer << '}';
        }
        buffer << "]}\n";
    }
    out << buffer.str() << std::flush;
    return 0;
}

}  // namespace digitscope::app
