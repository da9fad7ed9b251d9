package io.hammer.console.web;

import io.hammer.engine.api.SecurityConfiguration;
import io.hammer.engine.run.InvalidRunException;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shows (who is logged in, whether they may act) and how a refused action
 * reads: the status the REST API would give (400, 404, 409) and its message, on a page.
 */
@ControllerAdvice(assignableTypes = {RunPages.class, TemplatePages.class, WorkersPage.class})
public class ConsoleAdvice {

    @ModelAttribute("user")
    public String user(Authentication authentication) {
        return authentication == null ? null : authentication.getName();
    }

    @ModelAttribute("operator")
    public boolean operator(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + SecurityConfiguration.OPERATOR));
    }

    @ExceptionHandler(InvalidRunException.class)
    public ModelAndView refused(InvalidRunException e) {
        return error(HttpStatus.valueOf(e.status()), e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    public ModelAndView unknown(NoSuchElementException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ModelAndView invalid(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ModelAndView error(HttpStatus status, String message) {
        ModelAndView page = new ModelAndView("console/refused");
        page.addObject("status", status.value());
        page.addObject("reason", status.getReasonPhrase());
        page.addObject("message", message);
        page.setStatus(status);
        return page;
    }
}
