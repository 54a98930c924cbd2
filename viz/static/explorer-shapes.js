/* dgkg explorer: nodes drawn in their class's shape (circle, square, diamond, star, triangles, hexagon).
 *
 * sigma.js draws discs only; shape is half of the class encoding (for readers who cannot tell the
 * colours apart), so this node program draws one point sprite per node and cuts the shape out of
 * it with a signed distance function. It follows sigma's own point program (same attributes,
 * same picking mode, which sigma uses to find the node under the mouse) plus `a_shape`.
 */
(function () {
  "use strict";
  const lib = window.dgkgLib;
  const SHAPES = ["dot", "square", "diamond", "star", "triangle", "triangleDown", "hexagon"];

  const VERTEX = `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_position;
attribute float a_size;
attribute float a_shape;
uniform float u_sizeRatio;
uniform float u_pixelRatio;
uniform mat3 u_matrix;
varying vec4 v_color;
varying float v_shape;
varying float v_pixel;
const float bias = 255.0 / 254.0;
void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1)).xy, 0, 1);
  gl_PointSize = a_size / u_sizeRatio * u_pixelRatio * 2.0;
  v_pixel = 1.0 / max(gl_PointSize, 1.0);
  v_shape = a_shape;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}`;

  // Distance functions after Inigo Quilez (iquilezles.org/articles/distfunctions2d), y pointing up.
  const FRAGMENT = `
precision mediump float;
varying vec4 v_color;
varying float v_shape;
varying float v_pixel;
float triangle(vec2 p, float r) {
  const float k = 1.7320508;
  p.x = abs(p.x) - r;
  p.y = p.y + r / k;
  if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
  p.x -= clamp(p.x, -2.0 * r, 0.0);
  return -length(p) * sign(p.y);
}
float hexagon(vec2 p, float r) {
  const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
  p = abs(p);
  p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
  p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
  return length(p) * sign(p.y);
}
float star(vec2 p, float r, float rf) {
  const vec2 k1 = vec2(0.809016994375, -0.587785252292);
  const vec2 k2 = vec2(-0.809016994375, -0.587785252292);
  p.x = abs(p.x);
  p -= 2.0 * max(dot(k1, p), 0.0) * k1;
  p -= 2.0 * max(dot(k2, p), 0.0) * k2;
  p.x = abs(p.x);
  p.y -= r;
  vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0.0, 1.0);
  float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
  return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}
void main(void) {
  vec2 p = vec2(gl_PointCoord.x - 0.5, 0.5 - gl_PointCoord.y);
  float d;
  if (v_shape < 0.5) d = length(p) - 0.48;
  else if (v_shape < 1.5) d = max(abs(p.x), abs(p.y)) - 0.40;
  else if (v_shape < 2.5) d = (abs(p.x) + abs(p.y)) - 0.48;
  else if (v_shape < 3.5) d = star(p, 0.48, 0.45);
  else if (v_shape < 4.5) d = triangle(p + vec2(0.0, 0.08), 0.46);
  else if (v_shape < 5.5) d = triangle(vec2(p.x, -p.y) + vec2(0.0, 0.08), 0.46);
  else d = hexagon(p, 0.43);
  #ifdef PICKING_MODE
  gl_FragColor = d < 0.0 ? v_color : vec4(0.0);
  #else
  float t = clamp(0.5 - d / v_pixel, 0.0, 1.0);
  gl_FragColor = v_color * t;
  #endif
}`;

  const {FLOAT, UNSIGNED_BYTE, POINTS} = WebGLRenderingContext;

  class NodeShapeProgram extends lib.NodeProgram {
    getDefinition() {
      return {
        VERTICES: 1,
        VERTEX_SHADER_SOURCE: VERTEX,
        FRAGMENT_SHADER_SOURCE: FRAGMENT,
        METHOD: POINTS,
        UNIFORMS: ["u_sizeRatio", "u_pixelRatio", "u_matrix"],
        ATTRIBUTES: [
          {name: "a_position", size: 2, type: FLOAT},
          {name: "a_size", size: 1, type: FLOAT},
          {name: "a_color", size: 4, type: UNSIGNED_BYTE, normalized: true},
          {name: "a_id", size: 4, type: UNSIGNED_BYTE, normalized: true},
          {name: "a_shape", size: 1, type: FLOAT},
        ],
      };
    }
    processVisibleItem(nodeIndex, startIndex, data) {
      const array = this.array;
      array[startIndex++] = data.x;
      array[startIndex++] = data.y;
      array[startIndex++] = data.size;
      array[startIndex++] = lib.floatColor(data.color);
      array[startIndex++] = nodeIndex;
      array[startIndex++] = data.shape || 0;
    }
    setUniforms({sizeRatio, pixelRatio, matrix}, {gl, uniformLocations}) {
      gl.uniform1f(uniformLocations.u_pixelRatio, pixelRatio);
      gl.uniform1f(uniformLocations.u_sizeRatio, sizeRatio);
      gl.uniformMatrix3fv(uniformLocations.u_matrix, false, matrix);
    }
  }

  window.dgkgParts = window.dgkgParts || {};
  window.dgkgParts.shapes = {NodeShapeProgram, shapeIndex: (name) => Math.max(0, SHAPES.indexOf(name))};
})();
