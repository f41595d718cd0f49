#pragma once
// Every chart's right-click menu: Export as PNG..., Export as SVG..., Copy. File > Export
// figure writes the whole page the same way (exportFigure).

#include <QString>

class QWidget;

namespace ui {

/// Gives `figure` the right-click menu (a non-blocking popup, so the GUI keeps running).
void addFigureMenu(QWidget* figure);

/// Writes `figure` as PNG, or SVG when the path ends in .svg; returns an error naming the file,
/// or empty.
QString exportFigure(QWidget* figure, const QString& path, const QString& title = {});

} // namespace ui
