"""Open an afcontrol dataset in QGIS (PyQGIS, offscreen) and report, as JSON
on stdout, what QGIS makes of it: every layer it lists and whether it is
valid, the status_intervals layer's style and temporal preset, the districts
its temporal filter shows as Taliban on each day asked for, and the colour a
QGIS render of the interval layer gives each district's interior point.

Usage: qgis_check.py DATASET RENDER_DAY OUT.png DAY...
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication, QgsDateTimeRange, QgsFeatureRequest, QgsMapRendererParallelJob,
    QgsMapSettings, QgsPointXY, QgsProviderRegistry, QgsRuleBasedRenderer,
    QgsVectorLayer, QgsVectorLayerTemporalContext, QgsCoordinateReferenceSystem,
    QgsExpression, QgsExpressionContext, QgsExpressionContextUtils)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime, Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def day_range(day):
    d = QDate.fromString(day, "yyyy-MM-dd")
    start = QDateTime(d, QTime(0, 0), Qt.UTC)
    return QgsDateTimeRange(start, start.addDays(1), True, False)


def open_layer(uri, name):
    """Open a layer as the QGIS application adds one: made without its
    default style, which is then loaded, so that the style's temporal
    preset is not reset by the provider's (OGR has none)."""
    options = QgsVectorLayer.LayerOptions()
    options.loadDefaultStyle = False
    layer = QgsVectorLayer(uri, name, "ogr", options)
    if layer.isValid():
        layer.loadDefaultStyle()
    return layer


def main():
    path, render_day, out_png = sys.argv[1:4]
    days = sys.argv[4:]
    app = QgsApplication([], False)
    app.initQgis()
    report = {"layers": {}, "taliban": {}, "render": {}}

    meta = QgsProviderRegistry.instance().providerMetadata("ogr")
    for sub in meta.querySublayers(path):
        layer = open_layer(sub.uri(), sub.name())
        report["layers"][sub.name()] = layer.isValid()

    layer = open_layer(path + "|layername=status_intervals", "status_intervals")
    if not layer.isValid():
        print(json.dumps(report))
        sys.stdout.flush()
        os._exit(0)
    renderer = layer.renderer()
    report["renderer"] = renderer.type()
    colours = {}
    if isinstance(renderer, QgsRuleBasedRenderer):
        for rule in renderer.rootRule().children():
            colours[rule.filterExpression()] = rule.symbol().color().name()
    report["rule_colours"] = colours
    props = layer.temporalProperties()
    report["temporal_active"] = props.isActive()
    report["temporal_mode"] = int(props.mode())
    report["temporal_fields"] = [props.startField(), props.endField()]

    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    for day in days:
        flt = props.createFilterString(ctx, day_range(day))
        expr = "(" + flt + ") AND \"layer\" = 'confirmed' AND \"status\" = 'taliban'"
        names = []
        for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)):
            names.append(f["province"] + "/" + f["district"])
        report["taliban"][day] = sorted(names)

    # The second stored style draws the claims layer: what its temporal
    # filter shows as Taliban, in that layer.
    # The first `related` styles listed are this layer's.
    related, _, names, _, _ = layer.listStylesInDatabase()
    report["styles"] = sorted(names[:related])
    report["taliban_claims"] = {}
    for day in days:
        flt = props.createFilterString(ctx, day_range(day))
        expr = "(" + flt + ") AND \"layer\" = 'with claims' AND \"status\" = 'taliban'"
        report["taliban_claims"][day] = sorted(
            f["province"] + "/" + f["district"] for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))

    # The events layer plays each event on its own day.
    events = open_layer(path + "|layername=events", "events")
    eprops = events.temporalProperties()
    ectx = QgsVectorLayerTemporalContext()
    ectx.setLayer(events)
    report["events_temporal_active"] = eprops.isActive()
    report["events_on"] = {}
    for day in days:
        flt = eprops.createFilterString(ectx, day_range(day))
        dates = set()
        for f in events.getFeatures(QgsFeatureRequest().setFilterExpression(flt)):
            dates.add(str(f["date"].toString("yyyy-MM-dd")) if hasattr(f["date"], "toString") else str(f["date"]))
        report["events_on"][day] = sorted(dates)

    # Render the layer as QGIS would draw it on render_day, in lon/lat.
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    extent = layer.extent()
    extent.grow(0.2)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(1600, 1200))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setIsTemporal(True)
    settings.setTemporalRange(day_range(render_day))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(out_png)
    districts = open_layer(path + "|layername=districts", "districts")
    for f in districts.getFeatures():
        px = settings.mapToPixel().transform(QgsPointXY(f["inner_lon"], f["inner_lat"]))
        c = QColor(img.pixel(int(px.x()), int(px.y())))
        report["render"][f["province"] + "/" + f["name"]] = [c.red(), c.green(), c.blue()]
    print(json.dumps(report))
    sys.stdout.flush()
    # Tearing QGIS down with layers alive crashes PyQGIS 3.22; the report is out.
    os._exit(0)


main()
