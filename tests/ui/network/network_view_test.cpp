#include "ui/network/network_view.h"

#include <gtest/gtest.h>

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include "tests/ui/network_test_helpers.h"

namespace digitscope::ui {
namespace {

using testing::makeNetwork;
using testing::traceOf;

const std::vector<std::vector<int>> kArchitectures = {
    {784, 16, 16, 10}, {784, 128, 64, 10}, {784, 512, 10}, {784, 32, 32, 32, 10}};

// How many different colours a picture has, up to 100 (a blank one has one).
int distinctColours(const QImage& image) {
    QSet<QRgb> seen;
    for (int y = 0; y < image.height() && seen.size() < 100; y += 3)
        for (int x = 0; x < image.width() && seen.size() < 100; x += 3)
            seen.insert(image.pixel(x, y));
    return static_cast<int>(seen.size());
}

QColor colourAt(const QImage& image, QPointF point) {
    return image.pixelColor(point.toPoint());
}

TEST(NetworkViewTest, PaintsEveryArchitectureAtEverySize) {
    for (const auto& sizes : kArchitectures) {
        const auto network = makeNetwork(sizes);
        for (const QSize size :
             {QSize(50, 50), QSize(1280, 800), QSize(2560, 1600), QSize(400, 900)}) {
            NetworkView view;
            view.setAnimationEnabled(false);
            view.resize(size);
            view.setNetwork(network);
            view.setTrace(traceOf(*network));
            const QImage image = view.grab().toImage();
            EXPECT_EQ(image.size(), size);
            EXPECT_GT(distinctColours(image), 3) << size.width() << "x" << size.height();
        }
    }
}

TEST(NetworkViewTest, PaintsWithoutNetworkOrTrace) {
    NetworkView view;
    view.resize(300, 200);
    EXPECT_FALSE(view.grab().isNull());
    view.setNetwork(makeNetwork({784, 16, 10}));
    EXPECT_FALSE(view.grab().isNull());
    view.setTrace(core::ForwardTrace{});
    EXPECT_FALSE(view.grab().isNull());
}

TEST(NetworkViewTest, TheImageFollowsTheTrace) {
    const auto network = makeNetwork({784, 16, 16, 10});
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(1000, 600);
    view.setNetwork(network);
    view.setTrace(traceOf(*network, 1.0f, 0));
    const QImage first = view.grab().toImage();
    view.setTrace(traceOf(*network, 1.0f, 6));
    const QImage second = view.grab().toImage();
    EXPECT_NE(first, second);
    view.setTrace(traceOf(*network, 1.0f, 0));
    EXPECT_EQ(view.grab().toImage(), first);
}

TEST(NetworkViewTest, TheWinningOutputIsBrightTheOthersDark) {
    const auto network = makeNetwork({784, 16, 16, 10});
    core::ForwardTrace trace = traceOf(*network);
    trace.activations.back().setZero();
    trace.activations.back()(7, 0) = 1.0f;  // a certain 7
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(1280, 800);
    view.setNetwork(network);
    view.setTrace(trace);
    const QImage image = view.grab().toImage();
    const NetworkLayout& layout = view.layout();
    EXPECT_GT(colourAt(image, layout.centre({3, 7})).lightness(), 230);
    EXPECT_LT(colourAt(image, layout.centre({3, 2})).lightness(), 30);
}

TEST(NetworkViewTest, ClickingANeuronSelectsItAndEmptySpaceClears) {
    const auto network = makeNetwork({784, 16, 16, 10});
    NetworkView view;
    view.resize(1200, 700);
    view.setNetwork(network);
    view.setTrace(traceOf(*network));
    QSignalSpy spy(&view, &NetworkView::neuronSelected);
    const QPoint neuron = view.layout().centre({2, 5}).toPoint();
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, neuron);
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy[0][0].toInt(), 2);
    EXPECT_EQ(spy[0][1].toInt(), 5);
    ASSERT_TRUE(view.selectedNeuron().has_value());
    EXPECT_EQ(*view.selectedNeuron(), (NeuronId{2, 5}));
    // Its incoming edges are emphasised: the picture changes.
    const QImage selected = view.grab().toImage();
    const QPoint pixel = view.layout().centre({0, 14 * 28 + 14}).toPoint();
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, pixel);
    ASSERT_EQ(spy.count(), 2);
    EXPECT_EQ(spy[1][0].toInt(), 0);
    EXPECT_EQ(spy[1][1].toInt(), 14 * 28 + 14);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(1195, 5));
    ASSERT_EQ(spy.count(), 3);
    EXPECT_EQ(spy[2][0].toInt(), -1);
    EXPECT_FALSE(view.selectedNeuron().has_value());
    EXPECT_NE(view.grab().toImage(), selected);
}

TEST(NetworkViewTest, HoverTextNamesLayerActivationAndBias) {
    const auto network = makeNetwork({784, 16, 16, 10});
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(1200, 700);
    view.setNetwork(network);
    view.setTrace(traceOf(*network));
    view.layout();
    const QString text = view.describeNeuron({1, 3});
    EXPECT_TRUE(text.contains(QStringLiteral("Hidden layer 1"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("activation")));
    EXPECT_TRUE(text.contains(QStringLiteral("bias")));
    EXPECT_TRUE(view.describeNeuron({3, 4}).startsWith(QStringLiteral("Output neuron 4")));
    EXPECT_TRUE(view.describeNeuron({0, 28 + 2}).startsWith(QStringLiteral("Input pixel (2, 1)")));
}

TEST(NetworkViewTest, WideLayersSayThatTheirEdgesAreThinned) {
    NetworkView view;
    view.resize(800, 500);
    view.setNetwork(makeNetwork({784, 16, 16, 10}));
    view.grab();
    EXPECT_TRUE(view.thinningNote().isEmpty());
    view.setNetwork(makeNetwork({784, 512, 10}));
    view.grab();
    EXPECT_TRUE(view.thinningNote().contains(QStringLiteral("4 of 784 into layer 1")))
        << view.thinningNote().toStdString();
}

TEST(NetworkViewTest, AnimationRunsThenSettlesAndCanBeTurnedOff) {
    const auto network = makeNetwork({784, 16, 16, 10});
    NetworkView view;
    double clock = 0;  // ms: a frame shows what its time says, however slow the machine paints
    view.setClock([&] { return clock; });
    view.resize(800, 500);
    view.setNetwork(network);
    view.setTrace(traceOf(*network));
    EXPECT_TRUE(view.isAnimating());
    clock = ActivationWave::kLayerMs / 2;  // the first hidden layer half lit
    const QImage early = view.grab().toImage();
    clock = 10 * ActivationWave::kLayerMs;
    EXPECT_TRUE(QTest::qWaitFor([&] { return !view.isAnimating(); }, 2000));
    const QImage settled = view.grab().toImage();
    EXPECT_NE(early, settled);
    view.setTrace(traceOf(*network, 1.0f, 5));
    EXPECT_TRUE(view.isAnimating());
    view.setAnimationEnabled(false);
    EXPECT_FALSE(view.isAnimating());
    view.setTrace(traceOf(*network));
    EXPECT_FALSE(view.isAnimating());
    EXPECT_EQ(view.grab().toImage(), settled);
}

// A lesson sends new weights ~30 times a second for the same drawing: the neurons move to
// their new values without a new wave each time (whose pulses repainted the view at 60 Hz).
TEST(NetworkViewTest, NewWeightsForTheSameInputStartNoWave) {
    const auto before = makeNetwork({784, 16, 16, 10}, 7);
    const auto after = makeNetwork({784, 16, 16, 10}, 8);
    NetworkView view;
    view.resize(800, 500);
    view.setNetwork(before);
    view.setTrace(traceOf(*before));
    ASSERT_TRUE(view.isAnimating());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view.isAnimating(); }, 2000));
    view.setNetwork(after);
    view.setTrace(traceOf(*after));
    EXPECT_FALSE(view.isAnimating());
    NetworkView reference;  // shows `after` settled on the same input
    reference.setAnimationEnabled(false);
    reference.resize(800, 500);
    reference.setNetwork(after);
    reference.setTrace(traceOf(*after));
    const QImage expected = reference.grab().toImage();
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.grab().toImage() == expected; }, 5000));
    view.setTrace(traceOf(*after, 1.0f, 5));  // a new input: a wave
    EXPECT_TRUE(view.isAnimating());
}

// The same weights with a few changed, the first most: only with glowChanges do those
// edges glow, and the glow fades away within kGlowMs.
TEST(NetworkViewTest, TheEdgesThatChangedMostGlowBrieflyAfterALessonStep) {
    const auto before = makeNetwork({784, 16, 16, 10}, 7);
    auto after = std::make_shared<core::Network>(*before);
    auto layout = after->layout();
    auto w1 = layout.weights(after->parameters(), 1);  // 16 x 16
    auto w2 = layout.weights(after->parameters(), 2);  // 10 x 16
    w1(3, 5) += 2.0f;
    w2(7, 3) -= 1.0f;
    w2(2, 9) += 1.5f;
    NetworkView view;
    view.resize(1000, 600);
    view.setNetwork(before);
    view.setTrace(traceOf(*before));
    view.setAnimationEnabled(false);
    view.grab();  // the first picture, rendered in the paint
    EXPECT_EQ(view.glowingEdges(), 0);

    NetworkView reference;  // `after` without a glow
    reference.setAnimationEnabled(false);
    reference.resize(1000, 600);
    reference.setNetwork(after);
    reference.setTrace(traceOf(*before));
    const QImage plain = reference.grab().toImage();

    view.setAnimationEnabled(true);
    view.setNetwork(after, /*glowChanges=*/true);
    view.grab();  // asks the worker for the picture and its glow
    ASSERT_TRUE(QTest::qWaitFor([&] { return view.glowingEdges() > 0; }, 5000));
    EXPECT_EQ(view.glowingEdges(), 3);  // each weight layer's changes, on its own scale
    EXPECT_TRUE(view.isAnimating());    // the fade is animated
    EXPECT_NE(view.grab().toImage(), plain);
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.glowingEdges() == 0; }, 3000));
    EXPECT_TRUE(QTest::qWaitFor([&] { return !view.isAnimating(); }, 1000));
    EXPECT_EQ(view.grab().toImage(), plain);

    // New weights without glowChanges, or with animation off, light nothing.
    view.setNetwork(before);
    view.grab();
    ASSERT_TRUE(QTest::qWaitFor([&] { return view.grab().toImage() != plain; }, 5000));
    EXPECT_EQ(view.glowingEdges(), 0);
    view.setAnimationEnabled(false);
    view.setNetwork(after, /*glowChanges=*/true);
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.grab().toImage() == plain; }, 5000));
    EXPECT_EQ(view.glowingEdges(), 0);
}

TEST(NetworkViewTest, AnotherArchitectureDropsTheSelection) {
    NetworkView view;
    view.resize(800, 500);
    view.setNetwork(makeNetwork({784, 128, 64, 10}));
    view.selectNeuron(NeuronId{1, 100});
    ASSERT_TRUE(view.selectedNeuron().has_value());
    view.setNetwork(makeNetwork({784, 128, 64, 10}, 9));  // new weights, same shape: kept
    EXPECT_TRUE(view.selectedNeuron().has_value());
    view.setNetwork(makeNetwork({784, 16, 16, 10}));
    EXPECT_FALSE(view.selectedNeuron().has_value());
    EXPECT_FALSE(view.grab().isNull());
}

// While training the weights change ~30 times a second: the edge picture is rendered on the
// view's worker, so a paint right after new weights may still show the old edges, but the
// new ones follow, exactly as a view given the new weights from the start draws them.
TEST(NetworkViewTest, NewWeightsShowOnceTheWorkerHasRenderedThem) {
    const auto before = makeNetwork({784, 16, 16, 10}, 7);
    const auto after = makeNetwork({784, 16, 16, 10}, 8);
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(1000, 600);
    view.setNetwork(before);
    view.setTrace(traceOf(*before));
    const QImage old = view.grab().toImage();
    NetworkView reference;
    reference.setAnimationEnabled(false);
    reference.resize(1000, 600);
    reference.setNetwork(after);
    reference.setTrace(traceOf(*before));  // the same neurons: only the edges differ
    const QImage expected = reference.grab().toImage();
    ASSERT_NE(old, expected);

    view.setNetwork(after);
    EXPECT_FALSE(view.grab().isNull());  // asks the worker; shows the old edges meanwhile
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.grab().toImage() != old; }, 5000));
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.grab().toImage() == expected; }, 5000));
}

TEST(NetworkViewTest, AResizeShowsTheOldEdgesUntilTheNewPictureArrives) {
    const auto network = makeNetwork({784, 16, 16, 10});
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(800, 500);
    view.setNetwork(network);
    view.grab();
    view.resize(1200, 700);
    const QImage stretched = view.grab().toImage();
    EXPECT_EQ(stretched.size(), QSize(1200, 700));
    EXPECT_GT(distinctColours(stretched), 3);
    NetworkView reference;
    reference.setAnimationEnabled(false);
    reference.resize(1200, 700);
    reference.setNetwork(network);
    const QImage expected = reference.grab().toImage();
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.grab().toImage() == expected; }, 5000));
}

// The view may be closed while its worker renders: the destructor waits for the render and
// drops its result (run under ThreadSanitizer / AddressSanitizer to check it for real).
TEST(NetworkViewTest, DeletingTheViewWhileItRendersIsSafe) {
    const auto first = makeNetwork({784, 128, 64, 10}, 1);
    const auto second = makeNetwork({784, 128, 64, 10}, 2);
    for (int round = 0; round < 10; ++round) {
        auto view = std::make_unique<NetworkView>();
        view->resize(1600, 1000);
        view->setNetwork(first);
        view->grab();  // the first picture, rendered in the paint
        view->setNetwork(second);
        view->grab();                         // the second, on the worker
        if (round % 2 == 1) QTest::qWait(1);  // sometimes let it start, sometimes not
        view.reset();
    }
    QTest::qWait(20);  // a queued wake-up for a deleted view must not be delivered
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// Titles were elided ("hidden 2 · 1…") and sat among the edges.
TEST(NetworkViewTest, LayerTitlesFitAboveTheNeuronsAtEveryWidth) {
    for (const std::vector<int>& sizes : kArchitectures)
        for (const int width : {280, 400, 640, 1280}) {
            NetworkView view;
            view.resize(width, 500);
            view.setNetwork(testing::makeNetwork(sizes));
            const std::vector<NetworkView::LayerTitle> titles = view.layerTitles();
            ASSERT_EQ(titles.size(), sizes.size());
            const QRectF area = view.layout().area();
            for (std::size_t i = 0; i < titles.size(); ++i) {
                const auto& [box, text] = titles[i];
                SCOPED_TRACE(text.toStdString() + " at width " + std::to_string(width) + " in " +
                             std::to_string(box.width()));
                EXPECT_FALSE(text.contains(QChar(0x2026)));  // no "…"
                EXPECT_LE(box.bottom(), area.top());         // above every neuron and edge
                EXPECT_GE(box.top(), 0.0);
                EXPECT_TRUE(QRectF(view.rect()).contains(box));
                if (i > 0) {
                    EXPECT_FALSE(box.intersects(titles[i - 1].box));
                }
                const int layer = static_cast<int>(i);
                if (layer > 0 && layer + 1 < static_cast<int>(sizes.size())) {
                    EXPECT_TRUE(text.contains(QString::number(sizes[i])));  // its size is said
                }
            }
        }
}

// The inspector kept showing a neuron the view had dropped.
TEST(NetworkViewTest, DroppingTheSelectionIsAnnounced) {
    NetworkView view;
    view.resize(800, 500);
    view.setNetwork(testing::makeNetwork({784, 128, 64, 10}));
    view.selectNeuron(NeuronId{1, 5});
    QSignalSpy spy(&view, &NetworkView::neuronSelected);
    view.setNetwork(testing::makeNetwork({784, 128, 64, 10}, 9));  // same shape: kept
    EXPECT_EQ(spy.count(), 0);
    view.setNetwork(testing::makeNetwork({784, 32, 10}));
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy[0][0].toInt(), -1);
    EXPECT_EQ(spy[0][1].toInt(), -1);
}

// Softmax outputs are probabilities, and a blank canvas has no answer.
TEST(NetworkViewTest, OutputsSayProbabilityAndTheVerdictCanBeHidden) {
    const auto network = testing::makeNetwork({784, 16, 16, 10});
    core::ForwardTrace trace = testing::traceOf(*network);
    trace.activations.back().setZero();
    trace.activations.back()(7, 0) = 1.0f;
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(1000, 600);
    view.setNetwork(network);
    view.setTrace(trace);
    view.layout();
    const QString text = view.describeNeuron({3, 7});
    EXPECT_TRUE(text.contains(QStringLiteral("probability 1.000 (100.0%)"))) << text.toStdString();
    EXPECT_FALSE(view.describeNeuron({1, 3}).contains(QStringLiteral("probability")));

    // The winner's ring: amber on its outline with the verdict, not without.
    const QRectF cell = view.layout().cellRect({3, 7});
    const int x = qRound(cell.center().x());
    const int top = qRound(cell.top());
    const auto ringIsAmber = [&](const QImage& image) {
        for (int y = top - 1; y <= top + 1; ++y) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 200 && c.green() > 130 && c.blue() < 120) return true;
        }
        return false;
    };
    EXPECT_TRUE(ringIsAmber(view.grab().toImage()));
    view.setVerdictShown(false);
    EXPECT_FALSE(ringIsAmber(view.grab().toImage()));
}

}  // namespace
}  // namespace digitscope::ui
