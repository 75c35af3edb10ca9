/* The per-glyph, per-text-object and per-path-segment PDFium calls of readers/pdfium.py, made
 * in one C loop per page (or per path) instead of one ctypes call each (a ctypes call costs
 * more than the PDFium function it calls).
 *
 * An optional speed-up: the package builds it where a C compiler is found (pyproject.toml,
 * ext-modules, optional) and readers/pdfium.py makes the very same calls through ctypes where
 * it is missing; tests/test_pdfium.py requires both ways to give the same glyphs.
 *
 * Nothing here links against PDFium: the caller passes the addresses of the PDFium functions
 * pypdfium2 has loaded (ctypes.cast(fn, c_void_p).value), of the text page and of the ctypes
 * buffers the values go into. Each function makes, per glyph or per object, exactly the calls
 * readers/pdfium.py would make, with the same arguments, and stores what they give. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef void *(*get_text_object_t)(void *, int);            /* FPDFText_GetTextObject */
typedef int (*get_loose_char_box_t)(void *, int, float *);   /* FPDFText_GetLooseCharBox (FS_RECTF) */
typedef int (*get_char_origin_t)(void *, int, double *, double *);  /* FPDFText_GetCharOrigin */
typedef int (*get_matrix_t)(void *, int, float *);           /* FPDFText_GetMatrix (FS_MATRIX) */
typedef double (*get_font_size_t)(void *, int);              /* FPDFText_GetFontSize */
typedef void *(*get_font_t)(void *);                         /* FPDFTextObj_GetFont */

static PyObject *handle_or_none(void *p)
{
    if (p == NULL)
        Py_RETURN_NONE;
    return PyLong_FromVoidPtr(p);
}

PyDoc_STRVAR(glyphs_doc,
"glyphs(get_text_object, get_loose_char_box, get_char_origin, textpage, n, boxes, origins)\n"
"-> list of text object handles (int, None for a glyph PDFium generated)\n\n"
"For glyph i in 0..n-1: its text object, its loose box into boxes[4i:4i+4] (float32: left,\n"
"top, right, bottom) and its origin into origins[2i:2i+2] (float64: x, y). Every argument\n"
"but n is an address.");

static PyObject *glyphs(PyObject *self, PyObject *args)
{
    unsigned long long f_object, f_box, f_origin, tp, a_boxes, a_origins;
    int n;
    if (!PyArg_ParseTuple(args, "KKKKiKK", &f_object, &f_box, &f_origin, &tp, &n, &a_boxes, &a_origins))
        return NULL;
    get_text_object_t get_object = (get_text_object_t)(uintptr_t)f_object;
    get_loose_char_box_t get_box = (get_loose_char_box_t)(uintptr_t)f_box;
    get_char_origin_t get_origin = (get_char_origin_t)(uintptr_t)f_origin;
    void *page = (void *)(uintptr_t)tp;
    float *boxes = (float *)(uintptr_t)a_boxes;
    double *origins = (double *)(uintptr_t)a_origins;
    PyObject *keys = PyList_New(n > 0 ? n : 0);
    if (keys == NULL)
        return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *key = handle_or_none(get_object(page, i));
        if (key == NULL) {
            Py_DECREF(keys);
            return NULL;
        }
        PyList_SET_ITEM(keys, i, key);
        get_box(page, i, boxes + 4 * (Py_ssize_t)i);
        get_origin(page, i, origins + 2 * (Py_ssize_t)i, origins + 2 * (Py_ssize_t)i + 1);
    }
    return keys;
}

PyDoc_STRVAR(text_objects_doc,
"text_objects(get_matrix, get_font_size, get_font, textpage, objects, firsts, matrices, sizes)\n"
"-> list of font handles (int, None for no font)\n\n"
"For text object k (objects[k], a handle; firsts[k], the index of its first glyph): the\n"
"glyph's text matrix into matrices[6k:6k+6] (float32: a, b, c, d, e, f), its font size into\n"
"sizes[k] (float64) and the object's font. objects and firsts are lists of ints of one length;\n"
"the other arguments are addresses.");

static PyObject *text_objects(PyObject *self, PyObject *args)
{
    unsigned long long f_matrix, f_size, f_font, tp, a_matrices, a_sizes;
    PyObject *objects, *firsts;
    if (!PyArg_ParseTuple(args, "KKKKO!O!KK", &f_matrix, &f_size, &f_font, &tp, &PyList_Type, &objects,
                          &PyList_Type, &firsts, &a_matrices, &a_sizes))
        return NULL;
    Py_ssize_t m = PyList_GET_SIZE(objects);
    if (PyList_GET_SIZE(firsts) != m) {
        PyErr_SetString(PyExc_ValueError, "objects and firsts differ in length");
        return NULL;
    }
    get_matrix_t get_matrix = (get_matrix_t)(uintptr_t)f_matrix;
    get_font_size_t get_font_size = (get_font_size_t)(uintptr_t)f_size;
    get_font_t get_font = (get_font_t)(uintptr_t)f_font;
    void *page = (void *)(uintptr_t)tp;
    float *matrices = (float *)(uintptr_t)a_matrices;
    double *sizes = (double *)(uintptr_t)a_sizes;
    PyObject *fonts = PyList_New(m);
    if (fonts == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < m; k++) {
        int first = (int)PyLong_AsLong(PyList_GET_ITEM(firsts, k));
        void *obj = PyLong_AsVoidPtr(PyList_GET_ITEM(objects, k));
        if (PyErr_Occurred()) {
            Py_DECREF(fonts);
            return NULL;
        }
        get_matrix(page, first, matrices + 6 * k);
        sizes[k] = get_font_size(page, first);
        PyObject *font = handle_or_none(get_font(obj));
        if (font == NULL) {
            Py_DECREF(fonts);
            return NULL;
        }
        PyList_SET_ITEM(fonts, k, font);
    }
    return fonts;
}

typedef void *(*get_page_object_t)(void *, int);             /* FPDFPage_GetObject */
typedef void *(*get_form_object_t)(void *, unsigned long);   /* FPDFFormObj_GetObject */
typedef int (*get_type_t)(void *);                           /* FPDFPageObj_GetType */
typedef int (*count_segments_t)(void *);                     /* FPDFPath_CountSegments */
typedef void *(*get_segment_t)(void *, int);                 /* FPDFPath_GetPathSegment */
typedef int (*get_point_t)(void *, float *, float *);        /* FPDFPathSegment_GetPoint */
typedef int (*segment_type_t)(void *);                       /* FPDFPathSegment_GetType */
typedef int (*get_close_t)(void *);                          /* FPDFPathSegment_GetClose */

#define FPDF_PAGEOBJ_TEXT 1

PyDoc_STRVAR(objects_doc,
"objects(get_object, get_type, holder, count, in_form) -> list of (handle, type)\n\n"
"The objects 0..count-1 of a page (get_object: FPDFPage_GetObject, in_form false) or of a form\n"
"object (FPDFFormObj_GetObject, in_form true), each with its type (FPDFPageObj_GetType), text\n"
"objects left out; a handle is an int, None where PDFium gave no object. holder and the\n"
"functions are addresses.");

static PyObject *objects(PyObject *self, PyObject *args)
{
    unsigned long long f_object, f_type, holder;
    int count, in_form;
    if (!PyArg_ParseTuple(args, "KKKip", &f_object, &f_type, &holder, &count, &in_form))
        return NULL;
    get_type_t get_type = (get_type_t)(uintptr_t)f_type;
    void *parent = (void *)(uintptr_t)holder;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (int k = 0; k < count; k++) {
        void *obj = in_form ? ((get_form_object_t)(uintptr_t)f_object)(parent, (unsigned long)k)
                            : ((get_page_object_t)(uintptr_t)f_object)(parent, k);
        int kind = get_type(obj);
        if (kind == FPDF_PAGEOBJ_TEXT)
            continue;
        PyObject *pair = Py_BuildValue("(Ni)", handle_or_none(obj), kind);
        if (pair == NULL || PyList_Append(out, pair) < 0) {
            Py_XDECREF(pair);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(pair);
    }
    return out;
}

PyDoc_STRVAR(segments_doc,
"segments(count_segments, get_segment, get_point, segment_type, get_close, path, point)\n"
"-> list of (x, y, type, closes)\n\n"
"Each segment of a path object: its point as FPDFPathSegment_GetPoint writes it into the two\n"
"floats at `point` (read back from there, so a failed call leaves the point before it, as a\n"
"caller reading one buffer would see), its type and whether it closes the subpath. Every\n"
"argument is an address.");

static PyObject *segments(PyObject *self, PyObject *args)
{
    unsigned long long f_count, f_segment, f_point, f_type, f_close, path, a_point;
    if (!PyArg_ParseTuple(args, "KKKKKKK", &f_count, &f_segment, &f_point, &f_type, &f_close, &path, &a_point))
        return NULL;
    get_segment_t get_segment = (get_segment_t)(uintptr_t)f_segment;
    get_point_t get_point = (get_point_t)(uintptr_t)f_point;
    segment_type_t segment_type = (segment_type_t)(uintptr_t)f_type;
    get_close_t get_close = (get_close_t)(uintptr_t)f_close;
    void *obj = (void *)(uintptr_t)path;
    float *xy = (float *)(uintptr_t)a_point;
    int n = ((count_segments_t)(uintptr_t)f_count)(obj);
    PyObject *out = PyList_New(n > 0 ? n : 0);
    if (out == NULL)
        return NULL;
    for (int k = 0; k < n; k++) {
        void *seg = get_segment(obj, k);
        get_point(seg, xy, xy + 1);
        int type = segment_type(seg);
        int closes = get_close(seg) != 0;
        PyObject *item = Py_BuildValue("(ddiO)", (double)xy[0], (double)xy[1], type, closes ? Py_True : Py_False);
        if (item == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, item);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"objects", objects, METH_VARARGS, objects_doc},
    {"segments", segments, METH_VARARGS, segments_doc},
    {"glyphs", glyphs, METH_VARARGS, glyphs_doc},
    {"text_objects", text_objects, METH_VARARGS, text_objects_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_loops",
    "PDFium's per-glyph, per-object and per-segment calls in one C loop (readers/pdfium.py).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__pdfium_loops(void)
{
    return PyModule_Create(&module);
}
