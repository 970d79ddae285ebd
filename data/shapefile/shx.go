package shapefile

import "encoding/binary"

// checkSHX checks that a .shx indexes exactly the records found by walking the .shp:
// same header, one 8-byte entry per record, each with the record's offset and content
// length. A .shx that disagrees means one of the two files is damaged.
func checkSHX(file string, data []byte, spans []span) error {
	if len(data) < shpHeaderLen {
		return fileError(file, "file is %d bytes, shorter than the 100-byte header", len(data))
	}
	if code := int32(binary.BigEndian.Uint32(data[0:])); code != shpFileCode {
		return fileError(file, "file code is %d, want %d: not a shapefile index", code, shpFileCode)
	}
	words := int64(int32(binary.BigEndian.Uint32(data[24:])))
	if words*2 != int64(len(data)) {
		return fileError(file, "header gives a file length of %d bytes but the file holds %d", words*2, len(data))
	}
	entries := len(data) - shpHeaderLen
	if entries%8 != 0 || entries/8 != len(spans) {
		return fileError(file, "indexes %d bytes of records (%d whole entries) but the .shp holds %d records", entries, entries/8, len(spans))
	}
	for i, s := range spans {
		at := shpHeaderLen + 8*i
		offset := int64(int32(binary.BigEndian.Uint32(data[at:]))) * 2
		length := int64(int32(binary.BigEndian.Uint32(data[at+4:]))) * 2
		if offset != int64(s.offset) || length != int64(s.length) {
			return recordError(file, i, "index gives offset %d and length %d bytes, the .shp has the record at %d with %d bytes", offset, length, s.offset, s.length)
		}
	}
	return nil
}
