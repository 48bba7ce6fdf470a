package dev.mercato.platform.jobs;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.platform.web.ProblemException;

@RestController
class JobsController {

    private final Jobs jobs;

    JobsController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/admin/jobs/{jobId}")
    JobProgress job(@PathVariable UUID jobId) {
        return jobs.find(new JobId(jobId)).orElseThrow(() -> ProblemException.notFound("job", jobId));
    }
}
