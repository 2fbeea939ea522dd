#pragma once

#include <QPoint>
#include <array>
#include <vector>

#include "bench/drawn/skeleton_tracer.h"

namespace digitscope::bench {

// The eight neighbours, clockwise from north: Zhang and Suen's P2, P3, ..., P9.
inline constexpr std::array<QPoint, 8> kRing{QPoint{0, -1}, QPoint{1, -1}, QPoint{1, 0},
                                             QPoint{1, 1},  QPoint{0, 1},  QPoint{-1, 1},
                                             QPoint{-1, 0}, QPoint{-1, -1}};

using Neighbours = std::array<QPoint, 8>;

// Neighbours under m-adjacency (Gonzalez & Woods): 4-neighbours always, a diagonal neighbour
// only when neither pixel between them is ink. A staircase is then one path, not a chain of
// triangles, so only real forks have three or more neighbours. Returns how many are in `out`.
int neighboursOf(const BinaryImage& image, QPoint p, Neighbours& out);

// The neighbour of a two-neighbour pixel that is not `previous`.
QPoint otherNeighbour(const Neighbours& n, QPoint previous);

// The skeleton as a graph, for SkeletonTracer::trace: nodes are free ends and forks (touching
// fork pixels are one node), edges the pixel paths between them. Forks joined by a path
// shorter than settings.crossingWidths * strokeWidth become one crossing; at each node the
// edges that continue each other are chained into one stroke; loops without nodes and single
// pixels are strokes of their own.
std::vector<ui::Stroke> traceSkeleton(const BinaryImage& skeleton, const TraceSettings& settings,
                                      double strokeWidth);

double polylineLength(const std::vector<QPointF>& points);

}  // namespace digitscope::bench
