// The work behind the explain tabs: the quick arithmetic here, saliency, dreams and the test
// set's confusion matrix on background jobs (the newest request wins), results as values.
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <chrono>
#include <cmath>

#include "core/dream.h"
#include "core/idx_reader.h"
#include "core/neuron_arithmetic.h"
#include "core/saliency.h"
#include "ui/explain/arithmetic_view.h"
#include "ui/explain/confusion_view.h"
#include "ui/explain/digit_gallery.h"
#include "ui/explain/dream_view.h"
#include "ui/explain/explain_panel.h"
#include "ui/explain/saliency_view.h"

namespace digitscope::ui {
namespace {

int squareSide(int units) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(units))));
    return side * side == units ? side : 0;
}

bool traceMatches(const core::Network& network, const core::ForwardTrace& trace) {
    return static_cast<int>(trace.activations.size()) == network.layerCount() + 1 &&
           trace.activations[0].cols() > 0;
}

}  // namespace

QString ExplainPanel::neuronName(NeuronId id) const {
    if (!m_network) return {};
    if (id.layer == m_network->layerCount()) return tr("output %1").arg(id.index);
    return tr("hidden %1 · neuron %2").arg(id.layer).arg(id.index);
}

NeuronId ExplainPanel::dreamNeuron() const {
    if (m_selected && m_selected->layer >= 1) return *m_selected;
    // Nothing (or an input pixel) selected: the video's "perfect 5".
    const int outputs = m_network ? m_network->architecture().outputSize() : 0;
    return {m_network ? m_network->layerCount() : 0, std::min(5, outputs - 1)};
}

void ExplainPanel::updateArithmetic() {
    if (!m_network || !traceMatches(*m_network, m_trace)) {
        m_arithmetic->clear(tr("No model loaded"));
        return;
    }
    if (!m_selected || m_selected->layer < 1) {
        m_arithmetic->clear(
            tr("Click a hidden or output neuron (in the network or the weight "
               "maps) to see its weighted sum with the real numbers"));
        return;
    }
    try {
        m_arithmetic->setArithmetic(
            core::explainNeuron(*m_network, m_trace, m_selected->layer, m_selected->index),
            squareSide(m_network->architecture().inputSize()));
    } catch (const std::exception&) {
        m_arithmetic->clear(tr("That neuron is not in this network"));
    }
}

void ExplainPanel::requestSaliency() {
    m_saliencyStale = false;
    if (!m_network || m_blank || m_input.size() != m_network->architecture().inputSize()) {
        m_saliency->clear(m_network ? tr("Draw a digit to see what pushed the answer")
                                    : tr("No model loaded"));
        return;
    }
    m_saliencyJob.submit([this, network = m_network, input = m_input](const std::atomic<bool>&) {
        core::AnswerSaliency saliency = core::explainAnswer(*network, input);
        return [this, saliency = std::move(saliency), input] {
            m_saliency->setSaliency(saliency, input);
        };
    });
}

void ExplainPanel::requestDreams() {
    m_dreamsStale = false;
    m_drawDream->setEnabled(false);
    m_drawNoise->setEnabled(false);
    if (!m_network) {
        m_dreams->clear(tr("No model loaded"));
        return;
    }
    const NeuronId id = dreamNeuron();
    m_dreamJob.submit([this, network = m_network, id,
                       name = neuronName(id)](const std::atomic<bool>& superseded) {
        const auto start = std::chrono::steady_clock::now();
        core::DreamSettings settings;
        DreamView::Dreams dreams;
        dreams.neuron = name;
        dreams.regularised = core::dreamNeuron(*network, id.layer, id.index, settings, &superseded);
        settings.regularise = false;
        dreams.noise = core::dreamNeuron(*network, id.layer, id.index, settings, &superseded);
        dreams.milliseconds =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return [this, dreams = std::move(dreams)]() mutable {
            m_dreams->setDreams(std::move(dreams));
            m_drawDream->setEnabled(true);
            m_drawNoise->setEnabled(true);
        };
    });
}

void ExplainPanel::drawDream(bool regularised) {
    if (!m_dreams->hasDreams()) return;
    const DreamView::Dreams& d = m_dreams->dreams();
    const core::Dream& dream = regularised ? d.regularised : d.noise;
    emit drawRequested(dream.image, regularised
                                        ? tr("Dream of %1 (regularised)").arg(d.neuron)
                                        : tr("Dream of %1 without regularisation").arg(d.neuron));
}

void ExplainPanel::requestConfusion() {
    m_confusionStale = false;
    if (!m_network) {
        m_confusion->clear(tr("No model loaded"));
        return;
    }
    if (m_folder.isEmpty()) {
        m_mistakesStatus->setText(tr("No test set: open an MNIST folder (File → Open dataset)"));
        return;
    }
    m_sinceConfusion.start();
    m_mistakesStatus->setText(tr("Classifying the test set…"));
    const std::shared_ptr<const core::Dataset> known =
        m_testSetFolder == m_folder ? m_testSet : nullptr;
    m_confusionJob.submit([this, network = m_network, folder = m_folder,
                           known](const std::atomic<bool>&) -> LatestJob::Delivery {
        std::shared_ptr<const core::Dataset> testSet = known;
        QString error;
        try {
            if (!testSet) {
                const std::filesystem::path dir = folder.toStdString();
                testSet = std::make_shared<const core::Dataset>(core::IdxReader::readPair(
                    core::IdxReader::locate(dir, "t10k-images-idx3-ubyte"),
                    core::IdxReader::locate(dir, "t10k-labels-idx1-ubyte")));
            }
            const auto started = std::chrono::steady_clock::now();
            auto report = std::make_shared<const core::ConfusionReport>(*network, *testSet);
            const double ms = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - started)
                                  .count();
            return [this, testSet, folder, report, ms] {
                m_testSet = testSet;
                m_testSetFolder = folder;
                m_report = report;
                m_confusion->setReport(report, tr("MNIST test set"));
                m_mistakesStatus->setText(
                    tr("%L1 test digits classified in %2 ms in the background · %3")
                        .arg(report->count())
                        .arg(ms, 0, 'f', 0)
                        .arg(QDir::toNativeSeparators(folder)));
            };
        } catch (const std::exception& failure) {
            error = QString::fromUtf8(failure.what());
        }
        return [this, error] { m_mistakesStatus->setText(tr("No test set: %1").arg(error)); };
    });
}

void ExplainPanel::showCell(int actual, int predicted) {
    if (!m_report || !m_testSet || m_report->count() != m_testSet->count) return;
    m_confusion->selectCell(actual, predicted);
    const std::vector<std::int32_t> samples = m_report->samples(actual, predicted);
    std::vector<DigitGallery::Item> items;
    items.reserve(samples.size());
    const int side = m_testSet->cols;
    for (std::int32_t index : samples) {
        QImage image(m_testSet->image(index), m_testSet->cols, m_testSet->rows, side,
                     QImage::Format_Grayscale8);
        items.push_back(
            {index, image.copy(),
             QStringLiteral("%1%").arg(
                 100.0 * static_cast<double>(m_report->output(index)[predicted]), 0, 'f', 0)});
    }
    const QString title =
        actual == predicted
            ? tr("%L1 digits %2 answered right · confidence in %2 · click one to draw it")
                  .arg(samples.size())
                  .arg(actual)
            : tr("%L1 digits %2 answered %3 · confidence in %3 · click one to draw it")
                  .arg(samples.size())
                  .arg(actual)
                  .arg(predicted);
    m_digits->setItems(std::move(items), title);
}

}  // namespace digitscope::ui
